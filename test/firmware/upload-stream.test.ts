/**
 * Uploads are streamed: bytes reach the disk while the body arrives, a 192 MiB body sent by curl
 * grows this process's memory (the server runs in it) by far less than its size, and a client that
 * goes away mid-body leaves the firmware before in force with no partial file.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';

const MiB = 1024 * 1024;
/**
 * Large against what the garbage collector lets written chunks pile up to before a collection
 * (58.7 MiB was seen at peak for a 50 MiB body on Node 24, 30-35 MiB on Node 20), so a body held
 * whole (at least its size) and a streamed one (bounded by the collector, not the body) differ.
 */
const BIG = 192 * MiB;
let server: AppServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'provd-fw-stream-'));
  writeFileSync(join(dir, 'big.rom'), Buffer.alloc(BIG, 0x5a));
  server = await startAppServer({});
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const apiUrl = (path: string) => `http://127.0.0.1:${server.running.ports.api}${path}`;

describe('firmware upload streaming', () => {
  it('a 192 MiB upload grows heap + array buffers by less than half of it', async () => {
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const base = used();
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, used())), 5);
    const code = await new Promise<number | null>((resolve) => {
      const curl = spawn('curl', ['-sS', '-o', '/dev/null', '-X', 'PUT', '-H', `Authorization: Bearer ${server.running.adminToken}`,
        '-H', 'Content-Type: application/octet-stream', '--data-binary', `@${join(dir, 'big.rom')}`, apiUrl('/api/firmware/yealink/T33G?filename=big.rom')]);
      curl.on('close', resolve);
    });
    clearInterval(sampler);
    expect(code).toBe(0);
    const record = await server.api('GET', '/api/firmware/yealink/T33G');
    expect(record.body.size).toBe(BIG);
    // A body held whole adds its size (plus the chunks it was read in). Streamed, what grows is
    // 64 KiB chunks already written, waiting for a collection.
    console.log(`firmware upload of ${BIG / MiB} MiB: peak growth of heap + array buffers ${((peak - base) / MiB).toFixed(1)} MiB`);
    expect(peak - base).toBeLessThan(BIG / 2);
  }, 120_000);

  it('writes the body to disk while it arrives (before the request is complete)', async () => {
    const socket = connect(server.running.ports.api, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `PUT /api/firmware/yealink/T31G?filename=slow.rom HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.running.adminToken}\r\n` +
        `Content-Type: application/octet-stream\r\nContent-Length: ${8 * MiB}\r\n\r\n`
    );
    socket.write(randomBytes(4 * MiB));
    const tmp = join(server.dataDir, 'firmware', 'tmp');
    const onDisk = () => readdirSync(tmp).reduce((n, f) => n + statSync(join(tmp, f)).size, 0);
    await expect.poll(onDisk, { timeout: 5000 }).toBe(4 * MiB);
    const answer = new Promise<string>((resolve) => socket.on('data', (d) => resolve(String(d))));
    socket.write(randomBytes(4 * MiB));
    expect(await answer).toMatch(/^HTTP\/1\.1 200/);
    socket.destroy();
    expect((await server.api('GET', '/api/firmware/yealink/T31G')).body.size).toBe(8 * MiB);
  });

  it('a client that disconnects mid-body changes nothing and leaves no partial file', async () => {
    const before = await server.api('GET', '/api/firmware/yealink/T33G');
    await new Promise<void>((resolve, reject) => {
      const socket = connect(server.running.ports.api, '127.0.0.1', () => {
        socket.write(
          `PUT /api/firmware/yealink/T33G?filename=cut.rom HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.running.adminToken}\r\n` +
            `Content-Type: application/octet-stream\r\nContent-Length: ${10 * MiB}\r\n\r\n`
        );
        socket.write(randomBytes(2 * MiB), () => setTimeout(() => (socket.destroy(), resolve()), 200));
      });
      socket.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await server.api('GET', '/api/firmware/yealink/T33G')).body).toStrictEqual(before.body);
    expect(readdirSync(join(server.dataDir, 'firmware', 'tmp'))).toStrictEqual([]);
    expect(readdirSync(join(server.dataDir, 'firmware', 'blobs'))).not.toContain(expect.stringMatching(/cut/));
    expect(readdirSync(join(server.dataDir, 'firmware', 'blobs'))).toHaveLength(2); // T33G's and T31G's
  });
});
