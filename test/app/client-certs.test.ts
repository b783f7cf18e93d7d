/**
 * The whole server with PROV_HTTPS_CLIENT_CERT=required (issue 12 §2): a Yealink phone without a
 * certificate gets the secret-free first stage over HTTP, pointing at HTTPS; over HTTPS its device
 * certificate (a test CA in Yealink style, CN = MAC with colons) gets the whole file once the CA
 * bundle is in <PROV_CERTS_DIR>/vendors/yealink/ and the server was told (SIGHUP reload).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../certs/support.js';
import { issueDevice, makeCa, writeBundle } from '../client-certs/support.js';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { freePort } from '../helpers/free-port.js';
import { ROOT } from '../helpers/server-process.js';

let app: AppServer;
let url: string;
let httpsPort: number;
const certs = tempDir();
const certsDir = () => certs.dir;

/** curl over HTTPS trusting the server's generated CA, with a device certificate when given. */
async function curlHttps(file: string, device?: { certPem: string; keyPem: string }): Promise<{ status: string; body: string }> {
  const args = ['-sS', '--cacert', join(certsDir(), 'ca.pem'), '-w', '\n%{http_code}'];
  if (device) {
    writeFileSync(join(app.dataDir, 'dev.pem'), device.certPem);
    writeFileSync(join(app.dataDir, 'dev.key'), device.keyPem);
    args.push('--cert', join(app.dataDir, 'dev.pem'), '--key', join(app.dataDir, 'dev.key'));
  }
  const r = await run('curl', [...args, `${url}${file}`]);
  const at = r.out.lastIndexOf('\n');
  return { status: r.out.slice(at + 1), body: r.out.slice(0, at) };
}

beforeAll(async () => {
  httpsPort = await freePort();
  app = await startAppServer({ PROV_STORE: 'memory', PROV_HTTPS_PORT: String(httpsPort), PROV_HTTPS_CLIENT_CERT: 'required', PROV_CERTS_DIR: certs.dir });
}, 30_000);
afterAll(async () => {
  await app.stop();
  certs.remove();
});

describe('client certificates required (whole server)', () => {
  let folder: string;
  let device: { certPem: string; keyPem: string };
  let yealinkCa: ReturnType<typeof makeCa>;

  beforeAll(async () => {
    await app.api('POST', '/api/network', { private_ipv4: '127.0.0.1' });
    const user = await app.api('POST', '/api/users', { name: 'alice', extension_number: '101', extension_password: 'S3cret-101', interface: 'PRIVATE_IPV4' });
    const phone = await app.api('POST', `/api/users/${user.body.id}/phones`, { mac: '00:15:65:AA:BB:CC', vendor: 'yealink', model: 'T46U', https: true });
    url = phone.body.url;
    folder = url.split('/')[4]!;
    yealinkCa = makeCa('Yealink Equipment Issuing CA (test)');
    device = issueDevice(yealinkCa, [{ shortName: 'CN', value: '00:15:65:AA:BB:CC' }, { shortName: 'O', value: 'Yealink' }]);
  });

  it('logs at start every vendor with a certificate rule whose phones are refused for want of a CA bundle', () => {
    const warning = app.logs().find((l) => String(l.msg).startsWith('client certificates required, but these vendors have no CA bundle'));
    const templates = join(ROOT, 'templates');
    const withRule = readdirSync(templates)
      .filter((v) => (JSON.parse(readFileSync(join(templates, v, 'vendor.json'), 'utf8')) as { client_cert?: unknown }).client_cert !== undefined)
      .sort();

    expect(withRule).toEqual(expect.arrayContaining(['snom', 'yealink']));
    expect(warning?.vendors).toEqual(withRule);
  });

  it('answers the first stage over HTTP: no SIP password, the HTTPS folder', async () => {
    const res = await app.phone(folder, '001565aabbcc.cfg');

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toContain(`static.auto_provision.server.url = https://127.0.0.1:${httpsPort}/provision/${folder}/`);
    expect(res.body).not.toContain('S3cret-101');
  });

  it('serves the common file over HTTPS without a certificate', async () => {
    const res = await curlHttps('y000000000108.cfg');

    expect(res.status).toBe('200');
  });

  it('takes the device certificate once its CA is in the bundle folder and the server reloaded', async () => {
    const before = await curlHttps('001565aabbcc.cfg', device);
    writeBundle(join(certsDir(), 'vendors'), 'yealink', 'yealink-test.pem', [yealinkCa]);
    await app.running.reload();

    const after = await curlHttps('001565aabbcc.cfg', device);
    const otherMac = await curlHttps('001565aabbcd.cfg', device);

    expect(before.status).toBe('200');
    expect(before.body).not.toContain('S3cret-101'); // no bundle yet: anonymous, first stage
    expect(after.status).toBe('200');
    expect(after.body).toContain('account.1.password = S3cret-101');
    expect(otherMac.status).toBe('404'); // no such phone: refused before any certificate check
  });
});
