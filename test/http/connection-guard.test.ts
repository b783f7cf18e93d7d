/**
 * Connection caps of src/http/connection-guard.ts on real listeners (node:http and the HTTPS phone
 * server) with real sockets from several loopback addresses: per-address and per-listener caps,
 * which connection makes room, refusal when nothing is idle, and the pressure sweep.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { guardConnections, type ConnectionGuard, type ConnectionLimits } from '../../src/http/connection-guard.js';
import { createHttpsPhoneServer } from '../../src/http/https-server.js';
import { listen } from '../../src/http/listen.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';

interface Client {
  readonly socket: Socket;
  /** Resolves when the connection is closed (by either side). */
  readonly closed: Promise<void>;
  isClosed(): boolean;
  /** Sends a keep-alive GET and resolves with the status line. */
  get(path: string): Promise<string>;
}

/** A raw keep-alive HTTP client on its own connection from `localAddress`. */
async function open(port: number, localAddress: string): Promise<Client> {
  const socket = tcpConnect({ port, host: '127.0.0.1', localAddress });
  let closed = false;
  const done = new Promise<void>((r) => socket.once('close', () => ((closed = true), r())));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('close', () => reject(new Error('closed before connect')));
  });
  let buffer = '';
  let waiter: (() => void) | undefined;
  socket.setEncoding('utf8').on('data', (chunk: string) => ((buffer += chunk), waiter?.()));
  return {
    socket,
    closed: done,
    isClosed: () => closed,
    get(path) {
      buffer = '';
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      const answer = new Promise<string>((resolve, reject) => {
        waiter = () => { if (buffer.includes('\r\n\r\n')) resolve(buffer.split('\r\n')[0]!); };
        void done.then(() => reject(new Error('connection closed before an answer')));
      });
      answer.catch(() => {}); // requests left in flight are cut by the cleanup: not an unhandled rejection
      return answer;
    },
  };
}

/** Waits until `check` holds (event-driven state settles within a few ms on loopback). */
async function until(check: () => boolean, ms = 2000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > end) throw new Error('condition not reached');
  }
}

let server: Server | undefined;
let guard: ConnectionGuard | undefined;
const clients: Client[] = [];
let release: () => void = () => {};
afterEach(() => {
  release();
  guard?.stop();
  for (const c of clients.splice(0)) c.socket.destroy();
  server?.closeAllConnections();
  server?.close();
  server = guard = undefined;
});

/** `/hold` stays in flight until `release()`; anything else answers 200 at once. */
const handler = (req: IncomingMessage, res: ServerResponse) => {
  if (req.url === '/hold') {
    const gate = release;
    release = () => {
      gate();
      if (!res.writableEnded && !res.destroyed) res.end('held');
    };
    return;
  }
  res.end('ok');
};

async function start(limits: Partial<ConnectionLimits>, metrics: Metrics = createMetrics()) {
  server = createServer({ keepAliveTimeout: 65_000 }, handler);
  guard = guardConnections(server, 'http', { max: 100, perAddress: 100, idleUnderPressureMs: 60_000, ...limits }, metrics);
  const port = await listen(server, 0, '127.0.0.1');
  const client = async (address: string) => {
    const c = await open(port, address);
    clients.push(c);
    return c;
  };
  return { port, metrics, client, guard: guard! };
}

const metric = (metrics: Metrics, series: string) => {
  const line = metrics.render().split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

describe('per-address cap', () => {
  it('closes the address\'s longest-idle connection for a new one, and refuses when all of its connections are busy', async () => {
    const t = await start({ perAddress: 3 });
    const [a, b, c] = [await t.client('127.0.0.2'), await t.client('127.0.0.2'), await t.client('127.0.0.2')];
    await b.get('/');
    await until(() => t.guard.stats.open === 3);

    const d = await t.client('127.0.0.2');
    await a.closed; // a went idle first (b answered later, c and d never asked)
    expect([b.isClosed(), c.isClosed()]).toEqual([false, false]);
    expect(await d.get('/')).toBe('HTTP/1.1 200 OK');

    void b.get('/hold'); void c.get('/hold'); void d.get('/hold');
    await until(() => t.guard.stats.idle === 0);
    const e = await open(t.port, '127.0.0.2').catch(() => undefined);
    if (e) await e.closed;
    expect(metric(t.metrics, 'provd_http_connections_refused_total{listener="http",reason="per_address"}')).toBe(1);
    expect(await (await t.client('127.0.0.3')).get('/')).toBe('HTTP/1.1 200 OK'); // another address is unaffected
    expect(metric(t.metrics, 'provd_http_connections_closed_total{listener="http",reason="per_address"}')).toBe(1);
  });
});

describe('listener cap', () => {
  it('closes the longest-idle connection of any address for a new client; refuses only when every connection is busy', async () => {
    const t = await start({ max: 4 });
    const idle = [];
    for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) idle.push(await t.client(address));
    await until(() => t.guard.stats.open === 4);

    const phone = await t.client('127.0.0.9');
    expect(await phone.get('/')).toBe('HTTP/1.1 200 OK');
    await idle[0]!.closed;
    expect(t.guard.stats.open).toBe(4);

    for (const c of [...idle.slice(1), phone]) void c.get('/hold');
    await until(() => t.guard.stats.idle === 0);
    const late = await open(t.port, '127.0.0.10').catch(() => undefined);
    if (late) await late.closed;
    expect(metric(t.metrics, 'provd_http_connections_refused_total{listener="http",reason="max"}')).toBe(1);
    release();
  });
});

describe('pressure', () => {
  it('above half the cap closes connections idle longer than idleUnderPressureMs and shortens keep-alive; below half restores it', async () => {
    const t = await start({ max: 10, idleUnderPressureMs: 150 });
    const few = [await t.client('127.0.0.2'), await t.client('127.0.0.3')];
    expect(t.guard.stats.underPressure).toBe(false);
    const more = [];
    for (let i = 0; i < 4; i++) more.push(await t.client(`127.0.1.${i + 2}`));
    await until(() => t.guard.stats.underPressure);
    expect(server!.keepAliveTimeout).toBe(150);

    // One sweep closes every connection idle longer than 150 ms; once the count is back at half
    // the cap or under, sweeping stops (the contract), so on a slow machine the youngest of the
    // six may outlive the pressure. What must hold: pressure ends, what was closed went first
    // (oldest idle), and the keep-alive limit is restored.
    const all = [...few, ...more];
    await until(() => !t.guard.stats.underPressure);
    const open = t.guard.stats.open;
    expect(open).toBeLessThanOrEqual(5);
    await until(() => all.filter((c) => c.isClosed()).length === all.length - open); // the clients see the closes
    const closedFlags = all.map((c) => c.isClosed());
    expect(closedFlags.filter(Boolean).length).toBe(all.length - open);
    expect(closedFlags.indexOf(false) === -1 || closedFlags.slice(closedFlags.indexOf(false)).every((c) => !c)).toBe(true);
    expect(server!.keepAliveTimeout).toBe(65_000);
    expect(metric(t.metrics, 'provd_http_connections_closed_total{listener="http",reason="pressure"}')).toBe(all.length - open);
  });

  it('never closes a connection with a request in flight', async () => {
    const t = await start({ max: 2, idleUnderPressureMs: 50 });
    const busy = await t.client('127.0.0.2');
    const answer = busy.get('/hold');
    await t.client('127.0.0.3');
    await until(() => t.guard.stats.open === 2 && t.guard.stats.idle === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(busy.isClosed()).toBe(false);
    release();
    expect(await answer).toBe('HTTP/1.1 200 OK');
  });
});

describe('HTTPS listener', () => {
  it('applies the caps at accept, before the TLS handshake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-tls-'));
    try {
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
      expect(made.status).toBe(0);
      const metrics = createMetrics();
      const s = createHttpsPhoneServer({ handler, tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') }, compat: false });
      server = s;
      guard = guardConnections(s, 'https', { max: 1, perAddress: 1, idleUnderPressureMs: 60_000 }, metrics);
      const port = await listen(s, 0, '127.0.0.1');
      const get = (path: string) => new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`));
        socket.setEncoding('utf8').once('data', (d: string) => resolve(d.split('\r\n')[0]!));
        socket.once('error', reject);
        socket.once('close', () => reject(new Error('closed')));
      });
      const held = get('/hold');
      await until(() => guard!.stats.open === 1 && guard!.stats.idle === 0);
      await expect(get('/')).rejects.toThrow();
      expect(metric(metrics, 'provd_http_connections_refused_total{listener="https",reason="per_address"}')).toBe(1);
      release();
      expect(await held).toBe('HTTP/1.1 200 OK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
