/**
 * Stopping the server as an operator or a process manager does (issue 9): a signal to the
 * process `npm start` made stops every process it started, and a stop under keep-alive load
 * resets no connection. Real processes, real ports; slow, so all such cases live in this file.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, freeUdpPort } from '../helpers/free-port.js';
import { MAIN, ROOT, isAlive, processTree, seedYealink, serverEnv, spawnServer, until, type ServerProcess } from '../helpers/server-process.js';
import { TftpTestClient, type Received } from '../helpers/tftp-client.js';

const TOKEN = 'stop-test-admin-token-0123456789';
let servers: ServerProcess[] = [];
let dirs: string[] = [];

afterEach(() => {
  for (const s of servers) s.kill();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  servers = [];
  dirs = [];
});

async function portsAndEnv(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'provd-stop-'));
  dirs.push(dir);
  const ports = { http: await freePort(), api: await freePort(), https: await freePort(), tftp: await freeUdpPort() };
  const env = serverEnv({
    PROV_DATA_DIR: join(dir, 'data'),
    PROV_CERTS_DIR: join(dir, 'certs'),
    PROV_HOST: '127.0.0.1',
    PROV_HTTP_PORT: String(ports.http),
    PROV_API_PORT: String(ports.api),
    PROV_HTTPS_PORT: String(ports.https),
    PROV_TFTP_PORT: String(ports.tftp),
    PROV_TFTP_HOST: '127.0.0.1',
    PROV_ADMIN_TOKEN: TOKEN,
    ...extra,
  });
  return { ports, env };
}

/** True once each TCP port can be listened on and the UDP port bound, on 127.0.0.1. */
async function portsFree(tcp: number[], udp: number): Promise<boolean> {
  const tcpFree = (port: number) => new Promise<boolean>((resolve) => {
    const s = createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  const udpFree = new Promise<boolean>((resolve) => {
    const s = createSocket('udp4').once('error', () => resolve(false));
    s.bind(udp, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  return (await Promise.all([...tcp.map(tcpFree), udpFree])).every(Boolean);
}

describe('a signal to the process npm start made', () => {
  it.each([
    ['SIGTERM', '1'],
    ['SIGINT', '1'],
    ['SIGTERM', '2'],
  ] as const)('%s with PROV_WORKERS=%s stops npm, node and every worker within 10 s and frees the ports', async (signal, workers) => {
    const { ports, env } = await portsAndEnv({ PROV_WORKERS: workers });
    const npm = spawnServer('npm', ['start'], { cwd: ROOT, env });
    servers.push(npm);
    await npm.ports();
    expect((await fetch(`http://127.0.0.1:${ports.http}/provision/x/y.cfg`)).status).toBe(404);
    const tree = processTree(npm.pid);
    expect(tree.length).toBeGreaterThanOrEqual(workers === '2' ? 4 : 2); // npm, node (+ workers)

    process.kill(npm.pid, signal);

    // Issue 9: with tsx, npm exited and the server kept serving the ports, orphaned.
    await until('every process of the tree to exit', () => (tree.some(isAlive) ? undefined : true), 10_000, () => npm.output());
    expect(await portsFree([ports.http, ports.api, ports.https], ports.tftp)).toBe(true);
  }, 60_000);
});

/** `connections` keep-alive connections, each sending `path` back to back until told `Connection: close`. */
function keepAliveLoad(port: number, path: string, connections: number) {
  const state = Array.from({ length: connections }, () => ({ responses: 0, last: '', error: '' }));
  const done = Promise.all(state.map(async (c) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (c.last !== 'close') {
        c.last = await new Promise<string>((resolve, reject) => {
          request({ host: '127.0.0.1', port, path, agent }, (res) => {
            res.resume().on('end', () => resolve(String(res.headers.connection))).on('error', reject);
          }).on('error', reject).end();
        });
        c.responses++;
      }
    } catch (err) {
      c.error = (err as NodeJS.ErrnoException).code ?? String(err);
    } finally {
      agent.destroy();
    }
  }));
  return { state, done };
}

describe('SIGTERM to the server process under load', () => {
  it('answers every in-flight keep-alive request with Connection: close, resets none, and ends a TFTP transfer with an ERROR', async () => {
    const { ports, env } = await portsAndEnv({ PROV_STORE: 'memory', PROV_HTTPS_PORT: 'off' });
    const server = spawnServer(process.execPath, [MAIN], { cwd: ROOT, env });
    servers.push(server);
    await server.ports();
    const path = await seedYealink(ports.api, TOKEN);
    const load = keepAliveLoad(ports.http, path, 64);
    await until('every connection to be busy', () => (load.state.every((c) => c.responses >= 5) ? true : undefined));
    const tftp = await TftpTestClient.connect(ports.tftp);
    tftp.request('y000000000108.cfg'); // Yealink T46U's common file; DATA 1 is never ACKed
    const first = await tftp.expect(5_000);
    expect(first.packet.op).toBe('data');

    process.kill(server.pid, 'SIGTERM');
    await load.done;
    let error: Received | undefined;
    for (let r = await tftp.next(3_000); r && !error; r = await tftp.next(3_000)) if (r.packet.op === 'error') error = r;
    await tftp.close();

    // Issue 9: 64 requests of a keep-alive load got ECONNRESET at SIGTERM.
    expect(load.state.filter((c) => c.error)).toEqual([]);
    expect(load.state.every((c) => c.last === 'close')).toBe(true);
    // Issue 9: the transfer was cut silently; now its TID says why.
    expect(error).toMatchObject({ port: first.port, packet: { op: 'error', code: 0, message: 'Server shutting down' } });
    expect(await server.exited).toBe(0);
  }, 60_000);
});
