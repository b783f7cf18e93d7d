/**
 * End to end: the composition root on the embedded SQLite store with the real templates,
 * the README walk-through run as written (bash + curl), and a restart that keeps everything.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type RunningApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { freePort } from './helpers/free-port.js';
import { peerSans } from './helpers/tls.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const WALKTHROUGH = /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(README)![1]!;

describe('the server, end to end on SQLite', () => {
  let dataDir: string;
  let running: RunningApp;
  let ports: { http: number; api: number; https: number };
  let tftpAllow = '';
  const logLines: string[] = [];

  const start = async () => {
    const config = loadConfig({
      PROV_HTTP_PORT: String(ports.http),
      PROV_API_PORT: String(ports.api),
      PROV_HOST: '127.0.0.1',
      PROV_DATA_DIR: dataDir,
      PROV_TEMPLATES_DIR: join(ROOT, 'templates'),
      PROV_LOG_LEVEL: 'debug',
      PROV_HTTPS_PORT: String(ports.https),
      PROV_CERTS_DIR: join(dataDir, 'certs'),
      PROV_TFTP_PORT: '0',
      PROV_TFTP_HOST: '127.0.0.1',
      PROV_TFTP_ALLOW: tftpAllow,
    });
    const destination = new Writable({ write: (c, _e, cb) => (logLines.push(String(c)), cb()) });
    running = await createApp(config, createLogger({ level: 'debug', destination })).start();
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'provd-e2e-'));
    ports = { http: await freePort(), api: await freePort(), https: await freePort() };
    await start();
  });
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates the admin token into the data dir with mode 0600 and never logs it', () => {
    const file = join(dataDir, 'admin-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(running.adminToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(logLines.join('')).toContain(file);
    expect(logLines.join('')).not.toContain(running.adminToken);
  });

  it('runs the README walk-through as written and serves the phone its file', async () => {
    // The walk-through assumes the default ports and ./data; point it at this test's server.
    const script = WALKTHROUGH.replaceAll('127.0.0.1:8081', `127.0.0.1:${ports.api}`).replaceAll('data/admin-token', join(dataDir, 'admin-token'));
    // Async: the server runs in this process, so a blocking exec would deadlock it.
    const { stdout: out } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', timeout: 60_000 });

    expect(out).toContain(`provisioning URL: http://127.0.0.1:${ports.http}/provision/`);
    expect(out).toMatch(/^#!version:1\.0\.0\.1$/m);
    expect(out).toContain('101');
    expect(out).not.toContain('Not Found');
    // Step 5: the CLI import, checked first, then written; the phones list shows both new phones.
    expect(out).toContain('dry run: 2 rows, 2 valid');
    expect(out).toContain('imported 2 of 2 rows: users 2 created, 0 updated, 0 unchanged; phones 2 created, 0 updated, 0 unchanged; 0 rows failed');
    expect(out).toMatch(/^001565aabbdd +yealink +T54W /m);
    expect(out).toMatch(/^0c383e63fee8 +fanvil +X4U /m);
  }, 60_000); // step 5 starts the CLI three times

  it('keeps users, phones and network settings across a restart', async () => {
    const auth = { Authorization: `Bearer ${running.adminToken}` };
    const before = (await (await fetch(`http://127.0.0.1:${ports.api}/api/phones/001565aabbcc`, { headers: auth })).json()) as Record<string, string>;

    await running.stop();
    await start();
    const after = (await (await fetch(`http://127.0.0.1:${ports.api}/api/phones/001565aabbcc`, { headers: { Authorization: `Bearer ${running.adminToken}` } })).json()) as Record<string, string>;
    const network = (await (await fetch(`http://127.0.0.1:${ports.api}/api/network`, { headers: { Authorization: `Bearer ${running.adminToken}` } })).json()) as Record<string, string>;
    const file = await fetch(`${after.url}001565aabbcc.cfg`);

    expect(before.mac).toBe('001565aabbcc');
    expect(after).toEqual(before);
    expect(network.private_ipv4).toBe('127.0.0.1');
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('S3cret-101');
  });

  it('serves a phone marked https over HTTPS with the generated CA, the same certificate after a restart', async () => {
    const api = `http://127.0.0.1:${ports.api}/api`;
    const auth = { Authorization: `Bearer ${running.adminToken}`, 'Content-Type': 'application/json' };
    const phone = (await (await fetch(`${api}/phones/001565aabbcc`, { headers: auth })).json()) as Record<string, string>;
    const user = (await (await fetch(`${api}/phones/001565aabbcc/assignee`, { headers: auth })).json()) as Record<string, string>;
    const updated = await fetch(`${api}/users/${user.id}/phones/${phone.id}`, { method: 'POST', headers: auth, body: JSON.stringify({ https: true }) });
    const url = ((await updated.json()) as Record<string, string>).url!;
    const caFile = join(dataDir, 'downloaded-ca.pem');
    const ca = await (await fetch(`${api}/certs/ca.pem`, { headers: auth })).text();
    writeFileSync(caFile, ca);
    const curl = (u: string) => promisify(execFile)('curl', ['-sf', '--cacert', caFile, u], { encoding: 'utf8' });

    expect(url).toBe(`https://127.0.0.1:${ports.https}/provision/${url.split('/')[4]}/`);
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect((await curl(`${url}001565aabbcc.cfg`)).stdout).toContain(`static.auto_provision.server.url = ${url}`);
    const before = readFileSync(join(dataDir, 'certs', 'server.pem'), 'utf8');
    await running.stop();
    await start();
    expect(readFileSync(join(dataDir, 'certs', 'server.pem'), 'utf8')).toBe(before);
    expect((await curl(`${url}001565aabbcc.cfg`)).stdout).toContain('account.1.password = S3cret-101');
  });

  it('re-issues the HTTPS certificate in place when the network settings add a name', async () => {
    const auth = { Authorization: `Bearer ${running.adminToken}`, 'Content-Type': 'application/json' };
    const sanNow = () => peerSans(ports.https);
    expect(await sanNow()).not.toContain('DNS:pbx.example.test');

    await fetch(`http://127.0.0.1:${ports.api}/api/network`, { method: 'POST', headers: auth, body: JSON.stringify({ web_domain: 'pbx.example.test' }) });

    await vi.waitFor(async () => expect(await sanNow()).toContain('DNS:pbx.example.test'), { timeout: 10_000, interval: 200 });
  });

  it('serves common files over TFTP to anyone, per-phone files only to PROV_TFTP_ALLOW sources', async () => {
    const tftpGet = async (name: string) => {
      try {
        const { stdout } = await promisify(execFile)('curl', ['-s', '--max-time', '5', `tftp://127.0.0.1:${running.ports.tftp}/${name}`], { encoding: 'utf8' });
        return stdout;
      } catch (err) {
        return `curl exit ${(err as { code: number }).code}`;
      }
    };
    expect(await tftpGet('y000000000108.cfg')).toMatch(/^#!version:1\.0\.0\.1/);
    expect(await tftpGet('001565aabbcc.cfg')).toBe('curl exit 68'); // TFTP ERROR 1: not found

    tftpAllow = '127.0.0.0/8';
    await running.stop();
    await start();

    expect(await tftpGet('001565aabbcc.cfg')).toContain('account.1.password = S3cret-101');
  });

  it('exposes Prometheus metrics on the API port without a token', async () => {
    const res = await fetch(`http://127.0.0.1:${ports.api}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    // The previous test restarted the server and fetched one file over TFTP since.
    expect(text).toMatch(/provd_phone_requests_total\{protocol="tftp",status="200",vendor="yealink"\} 1/);
    expect(text).toMatch(/provd_tftp_transfers_total\{result="ok"\} 1/);
  });
});
