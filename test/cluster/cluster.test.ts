/**
 * The cluster, end to end: `src/main.ts` started as a real process with PROV_WORKERS=2, on SQLite
 * (the primary relays store events to the workers over IPC) and on Redis (each worker hears them
 * on its own subscription). The primary keeps the admin API and certificates; two workers serve
 * the phone path on shared sockets. Changes made through the API reach every worker's cache;
 * metrics add up over the workers; a dead worker is replaced; SIGTERM stops every process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import { peerSans } from '../helpers/tls.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'cluster-test-token-0123456789';

/** PIDs of the live child processes of `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out.sort();
}

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stores = [{ kind: 'sqlite', run: true }, { kind: 'redis', run: await redisAvailable() }];

describe.each(stores)('PROV_WORKERS=2 on $kind: a primary and two phone-path workers', ({ kind, run }) => {
  if (!run) return it.skip('needs Redis (see REDIS_URL)');
  const redisPrefix = `provd-test-cluster-${randomBytes(6).toString('hex')}:`;
  let dir: string;
  let proc: ChildProcess;
  let exited: Promise<number | null>;
  let log = '';
  let ports: { api: number; http: number; https: number };
  let phoneUrl: string;
  let userId: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${ports.api}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  /** A fresh connection per request, so the kernel spreads them over both workers. */
  const fetchFile = async (url = phoneUrl) => {
    const res = await fetch(url, { headers: { Connection: 'close' } });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'provd-cluster-'));
    proc = spawn(process.execPath, [join(ROOT, 'dist/main.js')], { // the build npm test makes, as npm start runs it
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PROV_WORKERS: '2',
        PROV_STORE: kind,
        PROV_REDIS_URL: redisUrl(),
        PROV_REDIS_PREFIX: redisPrefix,
        PROV_DATA_DIR: join(dir, 'data'),
        PROV_CERTS_DIR: join(dir, 'certs'),
        PROV_HOST: '127.0.0.1',
        PROV_HTTP_PORT: '0',
        PROV_API_PORT: '0',
        PROV_HTTPS_PORT: '0',
        PROV_TFTP_PORT: 'off',
        PROV_ADMIN_TOKEN: TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (c) => (log += String(c)));
    proc.stderr!.on('data', (c) => (log += String(c)));
    exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    const started = await until('the primary to start', () => {
      const line = log.split('\n').find((l) => l.includes('"provisioning server started"'));
      return line ? (JSON.parse(line) as { listen: string[] }) : undefined;
    });
    const port = (name: string) => Number(started.listen.find((l) => l.startsWith(`${name} `))!.split(':')[1]);
    ports = { api: port('api'), http: port('http'), https: port('https') };

    await api('POST', '/network', { private_ipv4: '10.0.0.5' });
    const user = await api('POST', '/users', { name: 'alice', extension_number: '101', extension_password: 'Secret-101', interface: 'PRIVATE_IPV4' });
    userId = user.json.id as string;
    const phone = await api('POST', `/users/${userId}/phones`, { mac: '00:15:65:11:22:33', vendor: 'yealink', model: 'T46U', codecs: ['PCMU'] });
    phoneUrl = `http://127.0.0.1:${ports.http}${new URL(phone.json.url as string).pathname}001565112233.cfg`;
  }, 60_000);

  afterAll(async () => {
    if (proc.exitCode === null) proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    if (kind === 'redis') {
      const admin = new Redis(redisUrl());
      const keys = await admin.keys(`${redisPrefix}*`);
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    }
  });

  it('runs two worker processes beside the primary, which does not serve the phone path itself', async () => {
    expect(childrenOf(proc.pid!)).toHaveLength(2);
    expect(log.match(/"phone-path worker started"/g)).toHaveLength(2);
    expect((await fetchFile()).status).toBe(200);
  });

  it('an update through the API reaches every worker: no fetch serves the old file afterwards', async () => {
    for (let i = 0; i < 20; i++) expect((await fetchFile()).text).toContain('account.1.codec.pcmu.enable = 1');
    expect((await api('POST', `/users/${userId}/phones/${(await api('GET', '/phones/001565112233')).json.id as string}`, { codecs: ['G722'] })).status).toBe(200);
    for (let i = 0; i < 20; i++) {
      const { text } = await fetchFile();
      expect(text).toContain('account.1.codec.g722.enable = 1');
      expect(text).not.toContain('account.1.codec.pcmu.enable = 1');
    }
  });

  it('a firmware upload reaches every worker: each fetch writes the key and serves the bytes; a removal drops it everywhere', async () => {
    const bytes = randomBytes(100_000);
    for (let i = 0; i < 10; i++) expect((await fetchFile()).text).not.toContain('static.firmware.url'); // cached on both workers
    const put = await fetch(`http://127.0.0.1:${ports.api}/api/firmware/yealink/T46U?filename=T46U-cluster.rom`, {
      method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream' }, body: bytes,
    });
    expect(put.status).toBe(200);
    const fwUrl = phoneUrl.replace(/[^/]+$/, 'T46U-cluster.rom');
    await until('the key on a worker', async () => ((await fetchFile()).text.includes('static.firmware.url') ? true : undefined), 5000);
    for (let i = 0; i < 20; i++) {
      expect((await fetchFile()).text).toContain(`static.firmware.url = `);
      const res = await fetch(fwUrl, { headers: { Connection: 'close' } });
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect((await api('DELETE', '/firmware/yealink/T46U')).status).toBe(200);
    await until('the key gone on a worker', async () => ((await fetchFile()).text.includes('static.firmware.url') ? undefined : true), 5000);
    for (let i = 0; i < 20; i++) expect((await fetchFile()).text).not.toContain('static.firmware.url');
  });

  it('a template edited through the API reaches every worker (issue 14 §4)', async () => {
    const shipped = (await api('GET', '/templates/yealink/device.hbs')).json.text as string;
    expect((await api('PUT', '/templates/yealink/device.hbs', { text: `${shipped}\n# edited-in-the-cluster\n` })).status).toBe(200);

    await until('every worker to serve the edit', async () => {
      const texts = await Promise.all(Array.from({ length: 10 }, () => fetchFile()));
      return texts.every((r) => r.text.includes('# edited-in-the-cluster')) || undefined;
    }, 5000);
    for (let i = 0; i < 20; i++) expect((await fetchFile()).text).toContain('# edited-in-the-cluster');
  });

  it('serves HTTPS from the workers with the certificate the primary made (CA from the API)', async () => {
    const ca = await (await fetch(`http://127.0.0.1:${ports.api}/api/certs/ca.pem`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    expect(ca).toContain('BEGIN CERTIFICATE');
    const path = new URL(phoneUrl).pathname;
    const status = await new Promise<number>((resolve, reject) => {
      httpsRequest({ host: '127.0.0.1', port: ports.https, path, ca, servername: 'localhost' }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      }).on('error', reject).end();
    });
    expect(status).toBe(200);
  });

  it('a certificate re-issued by the primary (network change) reaches every worker', async () => {
    const sanNow = () => peerSans(ports.https);
    expect(await sanNow()).not.toContain('DNS:cluster.example.test');
    expect((await api('POST', '/network', { web_domain: 'cluster.example.test' })).status).toBe(200);
    await until('the new certificate', async () => ((await sanNow()).includes('DNS:cluster.example.test') ? true : undefined), 15_000);
    // New connections go to either worker: all of them must present the new certificate.
    for (let i = 0; i < 20; i++) expect(await sanNow()).toContain('DNS:cluster.example.test');
  });

  it('adds up the workers\' counters in /metrics on the primary', async () => {
    const count = async () => {
      const text = await (await fetch(`http://127.0.0.1:${ports.api}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('provd_phone_requests_total{protocol="http",status="200",vendor="yealink"}'));
      return Number(line?.split(' ')[1] ?? 0);
    };
    const before = await count();
    for (let i = 0; i < 10; i++) await fetchFile();
    expect(await count()).toBe(before + 10);
  });

  it('destroying the user stops its files on every worker at once', async () => {
    expect((await api('POST', `/users/${userId}/destroy`)).status).toBeLessThan(300);
    for (let i = 0; i < 20; i++) expect((await fetchFile()).status).toBe(404);
  });

  it('replaces a worker that dies, and keeps serving meanwhile', async () => {
    const [victim, survivor] = childrenOf(proc.pid!);
    process.kill(victim!, 'SIGKILL');
    const replaced = await until('a replacement worker', () => {
      const now = childrenOf(proc.pid!);
      return now.length === 2 && !now.includes(victim!) && now.includes(survivor!) ? now : undefined;
    });
    expect(replaced).toHaveLength(2);
    expect(log).toContain('phone-path worker died; starting another');
    await until('the replacement to listen', () => (log.match(/"phone-path worker started"/g)?.length === 3 ? true : undefined));
    for (let i = 0; i < 10; i++) expect((await fetchFile(`http://127.0.0.1:${ports.http}/provision/unknownfolder0123456/x.cfg`)).status).toBe(404);
  });

  it('SIGTERM to the primary stops every process and exits 0', async () => {
    const workers = childrenOf(proc.pid!);
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});
