/**
 * Starting and reloading the server as an operator does (issue 9): from another folder with a
 * configuration file, a clear error when the templates folder is missing, and SIGHUP reloading
 * templates and a brought-your-own certificate without dropping connections (with two workers,
 * so the primary's forwarding is covered too). Real processes, real ports.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { api, MAIN, ROOT, seedYealink, serverEnv, spawnServer, until, type ServerProcess } from '../helpers/server-process.js';
import { peerSans } from '../helpers/tls.js';

const TOKEN = 'start-test-admin-token-0123456789';
/** pino's level of a log line, as a number or (once levels are logged as names) a name. */
const LEVEL = { warn: [40, 'warn'], error: [50, 'error'] } as { warn: unknown[]; error: unknown[] };

/** GET over `agent`: status, body and the socket it went over (same object = same connection). */
function get(send: typeof httpRequest, options: RequestOptions): Promise<{ status: number; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    send({ host: '127.0.0.1', rejectUnauthorized: false, ...options } as RequestOptions, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body, socket: res.socket }));
    }).on('error', reject).end();
  });
}

describe('started from another folder with PROV_CONFIG_FILE', () => {
  let dir: string;
  let server: ServerProcess;
  let ports: { http: number; api: number; fileApi: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'provd-elsewhere-'));
    ports = { http: await freePort(), api: await freePort(), fileApi: await freePort() };
    writeFileSync(join(dir, 'provd.conf'), [
      '# provd settings: the same keys as the environment',
      `PROV_HTTP_PORT=${ports.http}`,
      `PROV_API_PORT=${ports.fileApi}`,
      'PROV_HOST=127.0.0.1',
      'PROV_STORE=memory',
      `PROV_ADMIN_TOKEN="${TOKEN}"`,
      'PROV_HTTPS_PORT=off',
      'PROV_TFTP_PORT=off',
      '',
    ].join('\n'));
    // No PROV_TEMPLATES_DIR; the file and the data folder are named relative to the working directory.
    const env = serverEnv({ PROV_CONFIG_FILE: 'provd.conf', PROV_API_PORT: String(ports.api), PROV_DATA_DIR: 'data', PROV_HTTP_PROT: '8080' });
    server = spawnServer(process.execPath, [MAIN], { cwd: dir, env });
    await server.ports();
  }, 60_000);
  afterAll(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  // Issue 9: started from another folder, the server failed with ENOENT ... templates.
  it('serves a phone file rendered from the templates of the install folder', async () => {
    const path = await seedYealink(ports.api, TOKEN);

    const res = await fetch(`http://127.0.0.1:${ports.http}${path}`);

    expect(res.status).toBe(200);
    expect(await res.text()).toContain('account.1.user_name = 101');
  });

  it('takes its settings from the file, the environment winning where both set one', async () => {
    const started = await server.ports();

    expect(started).toMatchObject({ http: ports.http, api: ports.api });
    expect(server.lines().filter((l) => l.msg === "PROV_API_PORT: set in PROV_CONFIG_FILE and in the environment; the environment's value is used")).toHaveLength(1);
  });

  // Issue 9: a misspelt variable was silently ignored.
  it('warns once about an unknown PROV_ name, naming the nearest known one', () => {
    const warnings = server.lines().filter((l) => String(l.msg).startsWith('PROV_HTTP_PROT'));

    expect(warnings).toEqual([expect.objectContaining({ msg: 'PROV_HTTP_PROT: unknown; did you mean PROV_HTTP_PORT?' })]);
    expect(LEVEL.warn).toContain(warnings[0]!.level);
  });
});

describe('a start that cannot work', () => {
  it.each([
    ['PROV_TEMPLATES_DIR', '/nonexistent/provd-templates', 'PROV_TEMPLATES_DIR: /nonexistent/provd-templates is not a folder'],
    ['PROV_CONFIG_FILE', '/nonexistent/provd.conf', 'PROV_CONFIG_FILE: cannot read /nonexistent/provd.conf (ENOENT)'],
  ])('stops at once when %s names a missing path: one line naming it, exit code 1, no stack', async (name, value, expected) => {
    const server = spawnServer(process.execPath, [MAIN], { cwd: tmpdir(), env: serverEnv({ [name]: value, PROV_STORE: 'memory' }) });

    const code = await server.exited;

    expect(code).toBe(1);
    expect(server.output().trim().split('\n')).toEqual([expect.stringContaining(expected)]);
  });
});

describe('SIGHUP with two workers', () => {
  let dir: string;
  let server: ServerProcess;
  let ports: Record<string, number>;
  let path: string;
  const template = () => join(dir, 'templates', 'yealink', 'device.hbs');
  const certificate = (name: string) => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30',
      '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`, '-keyout', join(dir, 'new.key'), '-out', join(dir, 'new.pem')], { stdio: 'ignore' });
    renameSync(join(dir, 'new.key'), join(dir, 'byo.key')); // renamed: a reload never reads half a file
    renameSync(join(dir, 'new.pem'), join(dir, 'byo.pem'));
  };
  /** Sends SIGHUP and waits for the primary and both workers to log `text`. */
  const reload = async (text: string) => {
    const from = server.lines().length;
    process.kill(server.pid, 'SIGHUP');
    await until(`three "${text}" lines`, () => (server.lines().slice(from).filter((l) => String(l.msg).includes(text)).length === 3 ? true : undefined));
    return server.lines().slice(from);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'provd-reload-'));
    cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
    certificate('byo-one.test');
    const env = serverEnv({
      PROV_WORKERS: '2', PROV_TEMPLATES_DIR: join(dir, 'templates'), PROV_DATA_DIR: join(dir, 'data'),
      PROV_TLS_CERT: join(dir, 'byo.pem'), PROV_TLS_KEY: join(dir, 'byo.key'),
      PROV_HOST: '127.0.0.1', PROV_HTTP_PORT: '0', PROV_API_PORT: '0', PROV_HTTPS_PORT: '0', PROV_TFTP_PORT: 'off', PROV_ADMIN_TOKEN: TOKEN,
    });
    server = spawnServer(process.execPath, [MAIN], { cwd: ROOT, env });
    ports = await server.ports();
    path = await seedYealink(ports.api!, TOKEN);
  }, 60_000);
  afterAll(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  // Issue 9: SIGHUP killed the process at once.
  it('reloads a changed template: the same keep-alive connection gets the new bytes, the process lives on', async () => {
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    const before = await get(httpRequest, { port: ports.http, path, agent });
    expect(before.body).not.toContain('## reload marker');
    appendFileSync(template(), '## reload marker 1\n');

    await reload('vendor templates reloaded');
    const after = await get(httpRequest, { port: ports.http, path, agent });

    expect(after.socket).toBe(before.socket);
    expect(after.body).toContain('## reload marker 1');
    for (let i = 0; i < 10; i++) expect((await get(httpRequest, { port: ports.http, path, headers: { Connection: 'close' } })).body).toContain('## reload marker 1');
    expect(server.child.exitCode).toBeNull();
    agent.destroy();
  });

  it('keeps serving the templates in use when the new ones do not compile, and logs the file', async () => {
    appendFileSync(template(), '{{#if account.label}} never closed\n');

    const lines = await reload('vendor templates not reloaded');

    const errors = lines.filter((l) => l.msg === 'vendor templates not reloaded; the ones in use stay');
    expect(errors).toHaveLength(3); // the primary and both workers
    expect(errors.every((l) => LEVEL.error.includes(l.level) && String(l.err).includes(template()))).toBe(true);
    for (let i = 0; i < 10; i++) {
      const res = await get(httpRequest, { port: ports.http, path, headers: { Connection: 'close' } });
      expect(res.status).toBe(200);
      expect(res.body).toContain('## reload marker 1');
    }
    expect(server.child.exitCode).toBeNull();
  });

  it('re-reads a replaced brought-your-own certificate: new handshakes get it, an open connection stays', async () => {
    const agent = new HttpsAgent({ keepAlive: true, maxSockets: 1 });
    const before = await get(httpsRequest, { port: ports.https, path, agent });
    expect(await peerSans(ports.https!)).toBe('DNS:byo-one.test');
    certificate('byo-two.test');

    process.kill(server.pid, 'SIGHUP');
    await until('the new certificate', async () => ((await peerSans(ports.https!)) === 'DNS:byo-two.test' ? true : undefined), 15_000);

    for (let i = 0; i < 10; i++) expect(await peerSans(ports.https!)).toBe('DNS:byo-two.test');
    const after = await get(httpsRequest, { port: ports.https, path, agent });
    expect(after.socket).toBe(before.socket);
    expect(after.status).toBe(200);
    agent.destroy();
  });

  it('re-reads the secret key file: after provd rotate-key and SIGHUP, both workers find users re-sealed under the new key', async () => {
    // A user no worker has read yet, so no worker holds it in memory: each must look it up by the
    // folder token's hash under the new key, which it only knows after reloading the key file.
    const user = await api(ports.api!, TOKEN, 'POST', '/users', { name: 'bob', extension_number: '102', extension_password: 'S3cret-102', interface: 'PRIVATE_IPV4' });
    const phone = await api(ports.api!, TOKEN, 'POST', `/users/${user.json.id as string}/phones`, { mac: '001565aabbdd', vendor: 'yealink', model: 'T46U' });
    const bobPath = `${new URL(phone.json.url as string).pathname}001565aabbdd.cfg`;
    execFileSync(process.execPath, [MAIN, 'rotate-key'], { env: serverEnv({ PROV_DATA_DIR: join(dir, 'data') }), stdio: 'ignore' });

    await reload('secret keys reloaded');

    for (let i = 0; i < 10; i++) {
      const res = await get(httpRequest, { port: ports.http, path: bobPath, headers: { Connection: 'close' } });
      expect(res.status).toBe(200);
      expect(res.body).toContain('account.1.password = S3cret-102');
    }
  });
});
