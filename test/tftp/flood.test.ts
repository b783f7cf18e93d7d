/**
 * TFTP slot exhaustion and reflection (issue 12 §1): floods of never-ACKed RRQs with `timeout 255`
 * from spoofed sources (one node:dgram socket per source port, bound to loopback addresses
 * 127.0.x.y, none of them ever ACKing) against a server with the production defaults (1 s timer,
 * 2,048 slots, 8 per address, 2 unanswered sends, timeout option capped at 10 s). A legitimate
 * client from another address must be served as fast as without the flood, and the bytes the
 * flood's sources receive per request are counted on their sockets.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/tftp/packet.js';
import { startTftp, type Harness } from './harness.js';

const file = randomBytes(4000);
const RRQ = buildRequest('rrq', 'common.cfg', 'octet', [['timeout', '255']]);

/** Loopback source addresses 127.0.<1+i/250>.<2+i%250>, never 127.0.0.1 (the legitimate clients). */
const sourceAddress = (i: number) => `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`;

interface Flood {
  readonly requests: number;
  /** Bytes the flood's sources have received so far (every datagram, headers of TFTP included). */
  readonly bytes: () => number;
  close(): Promise<void>;
}

/** Sends one RRQ from each of `perAddress` sockets on each of `addresses` source addresses; never ACKs. */
async function flood(port: number, addresses: number, perAddress: number): Promise<Flood> {
  const sockets: Socket[] = [];
  let bytes = 0;
  for (let a = 0; a < addresses; a++) {
    for (let k = 0; k < perAddress; k++) {
      const s = createSocket('udp4');
      s.on('message', (msg) => (bytes += msg.length));
      await new Promise<void>((r) => s.bind(0, sourceAddress(a), r));
      sockets.push(s);
    }
  }
  // In bursts of 32: a single burst of thousands overflows the listening socket's receive buffer
  // (212 KB by default on Linux), and the kernel would drop most of the flood before we see it.
  for (let i = 0; i < sockets.length; i += 32) {
    for (const s of sockets.slice(i, i + 32)) s.send(RRQ, port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 1));
  }
  return {
    requests: sockets.length,
    bytes: () => bytes,
    close: () => Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
  };
}

const present = (bin: string, flag: string, marker: RegExp) => {
  const r = spawnSync(bin, [flag], { encoding: 'utf8', timeout: 5000 });
  return !r.error && marker.test(`${r.stdout}${r.stderr}`);
};
const hasTftpHpa = present('tftp', '-V', /tftp-hpa/);
const hasAtftp = present('atftp', '--version', /atftp/);

/** A Debian client's `get` of common.cfg (tftp-hpa in octet mode, or atftp); resolves with the time it took. */
function clientGet(client: 'tftp-hpa' | 'atftp', port: number, path: string): Promise<{ out: string; ms: number }> {
  const t0 = performance.now();
  const [bin, args] = client === 'tftp-hpa'
    ? ['tftp', ['-m', 'octet', '127.0.0.1', String(port), '-c', 'get', 'common.cfg', path]]
    : ['atftp', ['-g', '-r', 'common.cfg', '-l', path, '127.0.0.1', String(port)]];
  return new Promise((resolve, reject) => {
    const child = spawn(bin as string, args as string[]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve({ out, ms: performance.now() - t0 }));
  });
}

let h: Harness | undefined;
let f: Flood | undefined;
afterEach(async () => {
  await f?.close();
  await h?.close();
  h = f = undefined;
});

/** The legitimate node client's download time in ms; fails the test unless the file arrives intact. */
async function timedDownload(t: Harness): Promise<number> {
  const c = await t.client('127.0.0.1');
  const t0 = performance.now();
  const r = await c.download('common.cfg', { options: [['tsize', '0']], idleMs: 3000 });
  const ms = performance.now() - t0;
  expect(r.error).toBeUndefined();
  expect(r.data.equals(file)).toBe(true);
  return ms;
}

describe('slot exhaustion by spoofed, never-ACKed RRQs with timeout 255', () => {
  it('2,048 RRQs from 32 addresses: other clients served at once; each RRQ returns at most 2 DATA 1 and its slot is free within seconds', async () => {
    const t = (h = await startTftp({ files: { 'common.cfg': file }, timeoutMs: 1000 }));
    const quiet = await timedDownload(t);
    const clients = [...(hasTftpHpa ? ['tftp-hpa' as const] : []), ...(hasAtftp ? ['atftp' as const] : [])];
    const dir = mkdtempSync(join(tmpdir(), 'tftp-flood-'));
    const quietMs = new Map<string, number>();
    for (const client of clients) quietMs.set(client, (await clientGet(client, t.port, join(dir, `quiet-${client}`))).ms);

    f = await flood(t.port, 32, 64);
    for (let i = 0; i < 100 && t.metric('provd_tftp_transfers_total{result="denied"}') < 32 * 56; i++) await new Promise((r) => setTimeout(r, 10));
    expect(t.server.stats.active).toBe(32 * 8); // 8 slots per address; the rest were refused
    const under = await timedDownload(t);
    console.log(`tftp flood (2,048 RRQs, 32 addresses): node client ${quiet.toFixed(1)} ms quiet, ${under.toFixed(1)} ms under the flood`);
    expect(under).toBeLessThan(Math.max(500, quiet * 10));
    try {
      for (const client of clients) {
        const r = await clientGet(client, t.port, join(dir, client));
        console.log(`tftp flood: ${client} got the file in ${r.ms.toFixed(1)} ms under the flood (${quietMs.get(client)!.toFixed(1)} ms before)`);
        expect(readFileSync(join(dir, client)).equals(file)).toBe(true);
        expect(r.ms).toBeLessThan(2000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // No slot is held for minutes: two sends a second apart, then silence (no ERROR either).
    const t0 = Date.now();
    await t.idle(5000);
    const freedMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 200));
    const perRequest = f.bytes() / f.requests;
    console.log(`tftp flood: slots free ${freedMs} ms after the flood; ${f.bytes()} bytes to the sources, ${perRequest.toFixed(0)} per RRQ of ${RRQ.length} bytes`);
    expect(freedMs).toBeLessThan(3500);
    // Admitted RRQs: DATA 1 at most twice (the timeout option is over the cap, so no OACK; one
    // evicted before its second send got one); refused: one ERROR 0. All sent within a timer
    // period, so normally nothing is stale enough to be evicted and the counts are exact.
    const unanswered = t.metric('provd_tftp_transfers_total{result="unanswered"}');
    const evicted = t.metric('provd_tftp_transfers_total{result="evicted"}');
    const denied = t.metric('provd_tftp_transfers_total{result="denied"}');
    const refusal = Buffer.byteLength('Too many transfers from this address') + 5;
    expect(unanswered + evicted + denied).toBe(f.requests);
    expect(unanswered).toBeGreaterThanOrEqual(32 * 8);
    expect(f.bytes()).toBeGreaterThanOrEqual(unanswered * 2 * 516 + evicted * 516 + denied * refusal);
    expect(f.bytes()).toBeLessThanOrEqual((unanswered + evicted) * 2 * 516 + denied * refusal);
    // About 1,792 refusals, one log line: a flood must not become a flood of the log.
    expect(t.logs.filter((l) => l.includes('per-address limit reached'))).toHaveLength(1);
  }, 30_000);

  it('a flood filling every slot (2,400 sessions from 300 addresses) cannot keep a new client out: the oldest unanswered is evicted', async () => {
    const t = (h = await startTftp({ files: { 'common.cfg': file }, timeoutMs: 1000 }));
    f = await flood(t.port, 300, 8);
    for (let i = 0; i < 100 && t.server.stats.active < 2048; i++) await new Promise((r) => setTimeout(r, 10));
    expect(t.server.stats).toMatchObject({ active: 2048, unanswered: 2048 });

    const under = await timedDownload(t);
    console.log(`tftp flood (full table): node client served in ${under.toFixed(1)} ms`);
    expect(under).toBeLessThan(500);
    expect(t.metric('provd_tftp_transfers_total{result="evicted"}')).toBeGreaterThanOrEqual(2400 - 2048 + 1);
    expect(t.metric('provd_tftp_transfers_total{result="denied"}')).toBe(0);
    await t.idle(5000);
    // Evicted sessions were sent fewer DATA, never more: the bound per RRQ holds.
    expect(f.bytes()).toBeLessThanOrEqual(f.requests * 2 * 516);
  }, 30_000);
});
