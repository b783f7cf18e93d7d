/**
 * Firmware end to end on the whole server (createApp, real templates, SQLite store): upload with
 * curl (Content-Length and chunked), sha256 and size recorded, limit 413 with nothing kept, a
 * failed replacement keeping the firmware in force, the phone path with ranges (curl), TFTP
 * downloads with the real tftp-hpa, atftp and curl clients, and the Yealink file writing then dropping
 * its upgrade key.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { freeUdpPort } from '../helpers/free-port.js';

const FIRMWARE = randomBytes(3 * 1024 * 1024 + 17);
const SHA = createHash('sha256').update(FIRMWARE).digest('hex');
const LIMIT = 36 * 1024 * 1024;

let server: AppServer;
let dir: string;
let token: string;
let tftpPort: number;

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
function run(bin: string, args: readonly string[], input = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(input);
  });
}

/** curl with the admin token; answers the status and the body (JSON parsed when it is). */
function api(method: string, path: string, args: readonly string[] = []): Promise<{ status: number; body: any; headers: string }> {
  return new Promise((resolve, reject) => {
    const url = `http://127.0.0.1:${server.running.ports.api}${path}`;
    execFile('curl', ['-sS', '-X', method, '-H', `Authorization: Bearer ${server.running.adminToken}`, '-D', '-', ...args, url], { encoding: 'buffer', maxBuffer: 64 << 20 }, (err, stdout) => {
      if (err && !stdout.length) return reject(err);
      const text = stdout.toString('latin1');
      const blocks = text.split('\r\n\r\n');
      // The last header block (after any 100 Continue), then the body.
      let i = 0;
      while (blocks[i + 1] !== undefined && /^HTTP\/1\.1 100/.test(blocks[i]!)) i++;
      const headers = blocks[i]!;
      const body = blocks.slice(i + 1).join('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(headers)?.[1]);
      resolve({ status, headers, body: body.startsWith('{') ? JSON.parse(body) : body });
    });
  });
}

/** Uploads `file` (a path) for yealink/T33G under `name`; `chunked` sends no Content-Length. */
const upload = (file: string, name = 'T33G-fw.rom', chunked = false, model = 'T33G') =>
  api('PUT', `/api/firmware/yealink/${model}?filename=${name}`, ['-H', 'Content-Type: application/octet-stream', ...(chunked ? ['-H', 'Transfer-Encoding: chunked'] : []), '--data-binary', `@${file}`]);

const phoneUrl = (name: string) => `http://127.0.0.1:${server.running.ports.http}/provision/${token}/${name}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'provd-fw-'));
  writeFileSync(join(dir, 'fw.rom'), FIRMWARE);
  writeFileSync(join(dir, 'big.rom'), randomBytes(LIMIT + 1));
  writeFileSync(join(dir, 'other.rom'), Buffer.from('other firmware'));
  tftpPort = await freeUdpPort();
  server = await startAppServer({ PROV_FIRMWARE_MAX_BYTES: String(LIMIT), PROV_TFTP_PORT: String(tftpPort), PROV_TFTP_HOST: '127.0.0.1' });
  const user = await server.api('POST', '/api/users', { name: 'fw-alice', extension_number: '801', extension_password: 'Fw-Secret-801' });
  token = user.body.provision_token;
  await server.api('POST', `/api/users/${user.body.id}/phones`, { mac: '00:15:65:80:18:01', vendor: 'yealink', model: 'T33G' });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('upload', () => {
  it('streams the body to disk and records size and sha256; GET lists and reads it', async () => {
    const put = await upload(join(dir, 'fw.rom'));
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ vendor: 'yealink', model: 'T33G', filename: 'T33G-fw.rom', size: FIRMWARE.length, sha256: SHA });
    const blob = join(server.dataDir, 'firmware', 'blobs', SHA);
    expect(readFileSync(blob).equals(FIRMWARE)).toBe(true);
    expect((await api('GET', '/api/firmware/yealink/T33G')).body).toStrictEqual(put.body);
    expect((await api('GET', '/api/firmware')).body).toStrictEqual({ count: 1, items: [put.body] });
  });

  it('takes a chunked body (no Content-Length) the same way', async () => {
    const put = await upload(join(dir, 'other.rom'), 'T31G-fw.rom', true, 'T31G');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ size: 14, sha256: createHash('sha256').update('other firmware').digest('hex') });
    expect((await api('DELETE', '/api/firmware/yealink/T31G')).status).toBe(200);
    expect((await api('GET', '/api/firmware/yealink/T31G')).body.code).toBe('PROV_ERR_FIRMWARE_NOT_FOUND');
  });

  it.each([false, true])('over PROV_FIRMWARE_MAX_BYTES (chunked %s): 413, no partial file, the firmware before stays', async (chunked) => {
    const put = await upload(join(dir, 'big.rom'), 'T33G-fw.rom', chunked);
    expect(put.status).toBe(413);
    expect(put.body.code).toBe('PROV_ERR_FIRMWARE_TOO_LARGE');
    await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(join(server.dataDir, 'firmware', 'tmp'))).toStrictEqual([]);
    expect(readdirSync(join(server.dataDir, 'firmware', 'blobs'))).toStrictEqual([SHA]);
    expect((await api('GET', '/api/firmware/yealink/T33G')).body.sha256).toBe(SHA);
  });

  it.each([
    ['', 'PROV_ERR_VALIDATION', 'filename'],
    ['a%2Fb.rom', 'PROV_ERR_VALIDATION', 'filename'],
    ['..rom', 'PROV_ERR_VALIDATION', 'filename'],
    ['001565aabbcc.cfg', 'PROV_ERR_VALIDATION', 'filename'],
  ])('file name %j: 400 %s naming %s, nothing changed', async (name, code, field) => {
    const put = await upload(join(dir, 'other.rom'), name);
    expect(put.status).toBe(400);
    expect(put.body).toMatchObject({ code, errors: [{ field }] });
    expect((await api('GET', '/api/firmware/yealink/T33G')).body.sha256).toBe(SHA);
  });

  it('unknown vendor or model: 400 with its code; the same name with other bytes for another model: 409', async () => {
    expect((await api('PUT', '/api/firmware/acme/X1?filename=a.bin', ['--data-binary', 'x'])).body.code).toBe('PROV_ERR_VENDOR_UNKNOWN');
    expect((await api('PUT', '/api/firmware/yealink/X1?filename=a.bin', ['--data-binary', 'x'])).body.code).toBe('PROV_ERR_MODEL_UNKNOWN');
    const clash = await upload(join(dir, 'other.rom'), 'T33G-fw.rom', false, 'T31G');
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('PROV_ERR_FIRMWARE_NAME_TAKEN');
    expect(existsSync(join(server.dataDir, 'firmware', 'manifests', 'yealink', 'T31G.json'))).toBe(false);
  });
});

describe('who may upload, and the audit trail', () => {
  it('an Admin token may; a self-service token gets 403 and nothing changes; every write is an audit line naming vendor/model', async () => {
    const from = server.logs().length;
    const alice = await server.api('GET', '/api/users');
    const self = await server.api('POST', '/api/tokens', { name: 'fw-self', role: 'StandardUser', user_id: alice.body.items[0].id });
    const admin = await server.api('POST', '/api/tokens', { name: 'fw-admin', role: 'Admin' });
    const put = (token: string) =>
      fetch(`http://127.0.0.1:${server.running.ports.api}/api/firmware/yealink/T31G?filename=T31G-role.rom`, {
        method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: Buffer.from('role'),
      });
    const refused = await put(self.body.token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('PROV_ERR_FORBIDDEN');
    expect((await api('GET', '/api/firmware/yealink/T31G')).status).toBe(404);
    expect((await put(admin.body.token)).status).toBe(200);
    expect((await api('DELETE', '/api/firmware/yealink/T31G')).status).toBe(200);
    const lines = server.logs().slice(from).filter((l) => l.audit === 'api_write' && String(l.path).startsWith('/api/firmware/yealink/T31G'));
    expect(lines.map((l) => [l.method, l.resource, l.status, l.role])).toStrictEqual([
      ['PUT', 'yealink/T31G', 403, 'StandardUser'],
      ['PUT', 'yealink/T31G', 200, 'Admin'],
      ['DELETE', 'yealink/T31G', 200, 'SystemAdmin'],
    ]);
  });
});

describe('phone path (HTTP)', () => {
  const curl = (args: readonly string[]) => run('curl', ['-sS', '-D', '-', '-o', join(dir, 'got'), ...args]);

  it('serves the whole file with ETag = sha256 and Accept-Ranges', async () => {
    const r = await curl([phoneUrl('T33G-fw.rom')]);
    expect(r.out).toMatch(/^HTTP\/1\.1 200/);
    expect(r.out).toContain(`ETag: "${SHA}"`);
    expect(r.out).toContain('Accept-Ranges: bytes');
    expect(readFileSync(join(dir, 'got')).equals(FIRMWARE)).toBe(true);
  });

  it('answers a range with 206 and exactly those bytes; past the end 416; If-None-Match 304', async () => {
    const r = await curl(['-r', '1000-1999', phoneUrl('T33G-fw.rom')]);
    expect(r.out).toMatch(/^HTTP\/1\.1 206/);
    expect(r.out).toContain(`Content-Range: bytes 1000-1999/${FIRMWARE.length}`);
    expect(readFileSync(join(dir, 'got')).equals(FIRMWARE.subarray(1000, 2000))).toBe(true);
    const tail = await curl(['-r', '-100', phoneUrl('T33G-fw.rom')]);
    expect(readFileSync(join(dir, 'got')).equals(FIRMWARE.subarray(FIRMWARE.length - 100))).toBe(true);
    expect(tail.out).toMatch(/^HTTP\/1\.1 206/);
    const past = await curl(['-r', `${FIRMWARE.length}-`, phoneUrl('T33G-fw.rom')]);
    expect(past.out).toMatch(/^HTTP\/1\.1 416/);
    expect(past.out).toContain(`Content-Range: bytes */${FIRMWARE.length}`);
    const same = await curl(['-H', `If-None-Match: "${SHA}"`, phoneUrl('T33G-fw.rom')]);
    expect(same.out).toMatch(/^HTTP\/1\.1 304/);
    const head = await run('curl', ['-sS', '-I', phoneUrl('T33G-fw.rom')]);
    expect(head.out).toContain(`Content-Length: ${FIRMWARE.length}`);
  });

  it('times a download to its headers in the phone latency histogram, not to its last byte', async () => {
    writeFileSync(join(dir, 'slow.rom'), randomBytes(32 * 1024 * 1024));
    expect((await upload(join(dir, 'slow.rom'), 'T31G-slow.rom', false, 'T31G')).status).toBe(200);
    const sum = async () => {
      const text = await (await fetch(`http://127.0.0.1:${server.running.ports.api}/metrics`)).text();
      return Number(/^provd_phone_request_duration_seconds_sum\{protocol="http"\} (\S+)$/m.exec(text)?.[1] ?? 0);
    };
    const before = await sum();
    // A client that reads the headers, then nothing for 800 ms (32 MiB outgrow the socket buffers), then the rest.
    const got = await new Promise<number>((resolve, reject) => {
      const socket = connect(server.running.ports.http, '127.0.0.1', () =>
        socket.write(`GET /provision/${token}/T31G-slow.rom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
      let bytes = 0;
      socket.once('data', (d) => {
        bytes += d.length;
        socket.pause();
        setTimeout(() => socket.resume(), 800);
        socket.on('data', (more) => (bytes += more.length));
      });
      socket.on('end', () => resolve(bytes));
      socket.on('error', reject);
    });
    expect(got).toBeGreaterThan(32 * 1024 * 1024);
    expect((await sum()) - before).toBeLessThan(0.4);
    expect((await api('DELETE', '/api/firmware/yealink/T31G')).status).toBe(200);
  });

  it('only under a known folder: another token is the uniform 404', async () => {
    const r = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${server.running.ports.http}/provision/${'x'.repeat(43)}/T33G-fw.rom`]);
    expect(r.out).toBe('404');
  });
});

describe('phone path (TFTP, real clients)', () => {
  it('tftp-hpa (octet, no options) downloads it byte-identical', async () => {
    const path = join(dir, 'tftp-hpa.out');
    await run('tftp', ['-m', 'octet', '127.0.0.1', String(tftpPort), '-c', 'get', 'T33G-fw.rom', path]);
    expect(readFileSync(path).equals(FIRMWARE)).toBe(true);
  }, 60_000);

  it.each([[['blksize 1468', 'tsize 0']], [['blksize 1428', 'windowsize 8']], [[]]])('atftp with options %j downloads it byte-identical', async (options) => {
    const path = join(dir, 'atftp.out');
    const r = await run('atftp', ['-g', '-r', 'T33G-fw.rom', '-l', path, ...options.flatMap((o) => ['--option', o]), '127.0.0.1', String(tftpPort)]);
    expect(r.code).toBe(0);
    expect(readFileSync(path).equals(FIRMWARE)).toBe(true);
  }, 60_000);

  it('curl tftp:// (tsize and blksize 65464 in its request) downloads it byte-identical', async () => {
    const path = join(dir, 'curl-tftp.out');
    const r = await run('curl', ['-sS', '-o', path, '--tftp-blksize', '65464', `tftp://127.0.0.1:${tftpPort}/T33G-fw.rom`]);
    expect(r.code).toBe(0);
    expect(readFileSync(path).equals(FIRMWARE)).toBe(true);
  }, 60_000);

  it('netascii is refused for a binary file (ERROR 0)', async () => {
    const r = await run('tftp', ['-m', 'netascii', '127.0.0.1', String(tftpPort), '-c', 'get', 'T33G-fw.rom', join(dir, 'ascii.out')]);
    expect(r.out).toContain('octet');
  });
});

describe('referenced by the model files', () => {
  it('the Yealink file writes static.firmware.url while firmware is set, and drops it once removed', async () => {
    const file = async () => (await server.phone(token, '001565801801.cfg')).body;
    expect(await file()).toContain(`static.firmware.url = `);
    expect(await file()).toMatch(new RegExp(`static\\.firmware\\.url = http://[^\\n]+/provision/${token}/T33G-fw\\.rom\\n`));
    const removed = await api('DELETE', '/api/firmware/yealink/T33G');
    expect(removed.status).toBe(200);
    await expect.poll(file).not.toContain('static.firmware.url');
    expect(existsSync(join(server.dataDir, 'firmware', 'blobs', SHA))).toBe(false);
    const r = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', phoneUrl('T33G-fw.rom')]);
    expect(r.out).toBe('404');
  });
});
