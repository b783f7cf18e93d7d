/** Range answers of a file streamed from disk (src/http/disk-file.ts) on a real listener. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFromDisk } from '../../src/http/disk-file.js';

const BYTES = randomBytes(10_000);
const ETAG = '"abc"';
let dir: string;
let server: Server;
let base: string;
const statuses: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'provd-disk-file-'));
  writeFileSync(join(dir, 'fw.bin'), BYTES);
  server = createServer((req, res) => {
    const path = join(dir, req.url === '/gone' ? 'missing.bin' : 'fw.bin');
    sendFromDisk(req, res, { disk: { path, size: BYTES.length }, etag: ETAG, contentType: 'application/octet-stream' }, (s) => statuses.push(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const get = async (headers: Record<string, string>, path = '/fw') => {
  const res = await fetch(base + path, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
};

describe('sendFromDisk', () => {
  it.each([
    ['bytes=0-0', 206, [0, 1]],
    ['bytes=9990-', 206, [9990, 10_000]],
    ['bytes=9000-20000', 206, [9000, 10_000]], // an end past the file is cut to it
    ['bytes=-20000', 206, [0, 10_000]], // a suffix longer than the file is the whole file
    ['bytes=0-1,5-6', 200, [0, 10_000]], // several ranges: the whole file
    ['bytes=5-3', 200, [0, 10_000]], // malformed: ignored
    ['items=0-1', 200, [0, 10_000]],
  ] as const)('Range %s: %i with exactly those bytes', async (range, status, [from, to]) => {
    const r = await get({ range });
    expect(r.status).toBe(status);
    expect(r.body.equals(BYTES.subarray(from, to))).toBe(true);
    if (status === 206) expect(r.headers.get('content-range')).toBe(`bytes ${from}-${to - 1}/10000`);
  });

  it('a range with a stale If-Range is answered whole; a matching one is honoured', async () => {
    expect((await get({ range: 'bytes=0-9', 'if-range': '"old"' })).status).toBe(200);
    expect((await get({ range: 'bytes=0-9', 'if-range': ETAG })).body.length).toBe(10);
  });

  it('past the end: 416 with bytes */size; bytes=-0: 416', async () => {
    for (const range of ['bytes=10000-', 'bytes=-0']) {
      const r = await get({ range });
      expect(r.status).toBe(416);
      expect(r.headers.get('content-range')).toBe('bytes */10000');
    }
  });

  it('a file gone before its first byte is a 404, reported as such', async () => {
    statuses.length = 0;
    expect((await get({}, '/gone')).status).toBe(404);
    expect(statuses).toStrictEqual([404]);
  });
});
