/**
 * Client certificates on a real HTTPS phone listener (issue 12 §2 "Client certificates",
 * "Secret-free bootstrap"): device certificates of test CAs with vendor-style subjects (MAC as
 * the subject CN; Cisco MPP style in ST), fetched with curl --cert/--key and Node's TLS client,
 * session resumption included.
 */
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_SECRETS, PhoneCreateSchema, type Phone } from '../../src/domain/phone.js';
import { USER_SECRETS, UserCreateSchema, type User } from '../../src/domain/user.js';
import { run, tempDir } from '../certs/support.js';
import { issueDevice, makeCa, startMtlsPath, writeBundle, type DeviceCert, type MtlsPath, type TestCa } from './support.js';

const T = '2026-01-01T00:00:00.000Z';
const USER: User = {
  ...UserCreateSchema.parse({ name: 'alice', extension_number: '101', extension_password: 'sip-Secret-0815', password: 'User-Secret-pw1', voicemail_pin: '482913' }),
  id: 'u1', provision_token: 'folder-token-mtls-abcdefghijklmnop', created_at: T, updated_at: T,
};
function phone(mac: string, vendor: 'acme' | 'bolt', password: string): Phone {
  const model = vendor === 'acme' ? 'X1' : 'B1';
  return {
    ...PhoneCreateSchema.parse({ mac, vendor, model }),
    id: `p-${mac}`, user_id: 'u1', filename: `${vendor}/${model}`, password, timezone: 'UTC', codecs: ['PCMU'],
    interface: 'PRIVATE_IPV4', preferred_transport: 'UDP', created_at: T, updated_at: T,
  };
}
const ACME1 = phone('0a0b0c000001', 'acme', 'web-Secret-4711');
const ACME2 = phone('0a0b0c000002', 'acme', 'web-Secret-4712');
const BOLT1 = phone('0c0d0e000001', 'bolt', 'web-Secret-4713');
const dir = (file: string) => `/provision/${USER.provision_token}/${file}`;
const ACME1_FILE = dir('acme0a0b0c000001.xml');
const BOLT1_FILE = dir('bolt0C0D0E000001.cfg');
const COMMON_FILE = dir('acme-x1.cfg');

interface Answer {
  status: number;
  body: string;
  reused: boolean;
  session?: Buffer;
}

let tmp: ReturnType<typeof tempDir>;
let acmeRoot: TestCa;
let certs: Record<'acme1' | 'acme2' | 'acmeGeneric' | 'acmeExpired' | 'rogue' | 'boltSignedAcmeSubject' | 'bolt1', DeviceCert>;

/** One TLS connection, one GET with `Connection: close`; the client certificate in `opts` if any. */
function get(p: MtlsPath, path: string, opts: ConnectionOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let session: Buffer | undefined;
    let raw = '';
    const sock = connect({ host: '127.0.0.1', port: p.port, ca: p.serverCa, ...opts }, () => {
      sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    sock.on('session', (s) => (session = s));
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (raw += d));
    sock.on('error', reject);
    sock.on('end', () => {
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body, reused: sock.isSessionReused(), session });
    });
  });
}
const withCert = (c: DeviceCert): ConnectionOptions => ({ cert: c.certPem, key: c.keyPem });

/** curl with the device certificate and key as files; answers `<status>` and the body. */
async function curl(p: MtlsPath, path: string, c?: DeviceCert): Promise<{ status: string; body: string }> {
  const files: string[] = [];
  if (c) {
    writeFileSync(join(tmp.dir, 'dev.pem'), c.certPem);
    writeFileSync(join(tmp.dir, 'dev.key'), c.keyPem);
    files.push('--cert', join(tmp.dir, 'dev.pem'), '--key', join(tmp.dir, 'dev.key'));
  }
  writeFileSync(join(tmp.dir, 'server-ca.pem'), p.serverCa);
  const r = await run('curl', ['-sS', '--cacert', join(tmp.dir, 'server-ca.pem'), ...files, '-w', '\n%{http_code}', `https://127.0.0.1:${p.port}${path}`]);
  const at = r.out.lastIndexOf('\n');
  return { status: r.out.slice(at + 1), body: r.out.slice(0, at) };
}

/** Every secret of the record the phone file is rendered from. */
function secretsOf(u: User, ph: Phone): string[] {
  return [...USER_SECRETS.map((f) => u[f]), ...PHONE_SECRETS.map((f) => ph[f])].filter((v): v is string => typeof v === 'string' && v.length > 0);
}

async function seed(p: MtlsPath): Promise<void> {
  await p.store.insertUser(USER);
  await p.store.putNetwork({ ...(await p.store.getNetwork()), private_ipv4: '10.0.0.5' });
  for (const ph of [ACME1, ACME2, BOLT1]) await p.store.insertPhone(ph);
}

beforeAll(() => {
  tmp = tempDir();
  acmeRoot = makeCa('Acme Phone Root CA');
  const acmeIssuing = makeCa('Acme Equipment Issuing CA', acmeRoot);
  const boltRoot = makeCa('Bolt Manufacturing CA');
  const rogue = makeCa('Acme Phone Root CA'); // same name, other key: not the vendor's CA
  const acme = (cn: string, ca = acmeIssuing) => issueDevice(ca, [{ shortName: 'CN', value: cn }, { shortName: 'O', value: 'Acme' }]);
  certs = {
    acme1: acme('0A0B0C000001'),
    acme2: acme('0A0B0C000002'),
    acmeGeneric: acme('Acme Generic Device'),
    acmeExpired: issueDevice(acmeIssuing, [{ shortName: 'CN', value: '0A0B0C000001' }], { notAfter: new Date(Date.now() - 3_600_000) }),
    rogue: acme('0A0B0C000001', rogue),
    boltSignedAcmeSubject: acme('0A0B0C000001', boltRoot),
    bolt1: issueDevice(boltRoot, [{ shortName: 'OU', value: 'CP-8841-3PCC' }, { shortName: 'L', value: '88012BA01234' }, { shortName: 'ST', value: '0c0d0e000001' }]),
  };
  writeBundle(join(tmp.dir, 'vendors'), 'acme', 'acme.pem', [acmeRoot, acmeIssuing]);
  writeBundle(join(tmp.dir, 'vendors'), 'bolt', 'bolt.pem', [boltRoot]);
});
afterAll(() => tmp.remove());

describe('client certificates, required', () => {
  let p: MtlsPath;
  beforeAll(async () => {
    p = await startMtlsPath('required', join(tmp.dir, 'vendors'));
    await seed(p);
  });
  afterAll(() => p.close());

  it('serves the whole file to curl with a certificate of the right MAC (through an intermediate in the bundle)', async () => {
    const res = await curl(p, ACME1_FILE, certs.acme1);

    expect(res.status).toBe('200');
    expect(res.body).toContain('password="sip-Secret-0815"');
    expect(res.body).toContain('<web password="web-Secret-4711"/>');
  });

  it('serves a Cisco-style certificate whose MAC is in the subject ST (Node client)', async () => {
    const res = await get(p, BOLT1_FILE, withCert(certs.bolt1));

    expect(res.status).toBe(200);
    expect(res.body).toContain('sip.password = sip-Secret-0815');
  });

  it("answers 403 to another phone's certificate of the same vendor", async () => {
    expect((await curl(p, ACME1_FILE, certs.acme2)).status).toBe('403');
    expect((await get(p, BOLT1_FILE, withCert(certs.acme1))).status).toBe(403); // an acme certificate for a bolt phone
  });

  it("answers 403 to a certificate of an unknown CA and to one of another vendor's CA (right subject)", async () => {
    expect((await curl(p, ACME1_FILE, certs.rogue)).status).toBe('403');
    expect((await get(p, ACME1_FILE, withCert(certs.boltSignedAcmeSubject))).status).toBe(403);
  });

  // A forged certificate (signature of another key under the vendor CA's name) left an OpenSSL
  // error behind that reset the next connection, another phone's (src/http/tls-error-queue.ts).
  it("does not let forged certificates reset other phones' connections", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      answers.push((await curl(p, ACME1_FILE, certs.rogue)).status);
      answers.push((await curl(p, COMMON_FILE)).status);
      answers.push((await curl(p, ACME1_FILE, certs.acme1)).status);
    }

    expect(answers.join(' ')).toBe(Array.from({ length: 6 }, () => '403 200 200').join(' '));
  });

  it('answers 403 to an expired certificate of the right CA and MAC', async () => {
    expect((await get(p, ACME1_FILE, withCert(certs.acmeExpired))).status).toBe(403);
  });

  it('answers 403 without a certificate when the vendor has no first stage', async () => {
    const res = await curl(p, BOLT1_FILE);

    expect(res.status).toBe('403');
    expect(res.body).not.toContain('sip-Secret');
  });

  it('answers the secret-free first stage without a certificate, pointing at HTTPS; the certificate then gets the whole file', async () => {
    const first = await curl(p, ACME1_FILE);
    const second = await curl(p, ACME1_FILE, certs.acme1);

    expect(first.status).toBe('200');
    expect(first.body).toContain('<acme-first-stage model="X1" mac="0A:0B:0C:00:00:01">');
    expect(first.body).toContain(`url="https://10.0.0.5:8443/provision/${USER.provision_token}/"`);
    for (const secret of secretsOf(USER, ACME1)) expect(first.body).not.toContain(secret);
    expect(second.status).toBe('200');
    for (const secret of [USER.extension_password, ACME1.password]) expect(second.body).toContain(secret);
  });

  it('treats a verified certificate naming no MAC (a generic one) as none: the first stage, never the file', async () => {
    const res = await get(p, ACME1_FILE, withCert(certs.acmeGeneric));

    expect(res.status).toBe(200);
    expect(res.body).toContain('<acme-first-stage');
    for (const secret of secretsOf(USER, ACME1)) expect(res.body).not.toContain(secret);
  });

  it('serves common files without a certificate', async () => {
    const res = await curl(p, COMMON_FILE);

    expect(res.status).toBe('200');
    expect(res.body).toContain('# Acme Acme X1 common');
  });

  it.each(['TLSv1.3', 'TLSv1.2'] as const)('does not treat a %s session resumed from a handshake without a certificate as authenticated', async (version) => {
    const first = await get(p, BOLT1_FILE, { maxVersion: version, minVersion: version });
    expect(first.session).toBeDefined();

    const resumed = await get(p, BOLT1_FILE, { maxVersion: version, minVersion: version, session: first.session });

    expect(first.status).toBe(403);
    expect(resumed.reused).toBe(true);
    expect(resumed.status).toBe(403);
  });

  it.each(['TLSv1.3', 'TLSv1.2'] as const)('keeps a %s session resumed from a handshake with a certificate bound to that MAC only', async (version) => {
    const opts = { maxVersion: version, minVersion: version, ...withCert(certs.acme1) };
    const first = await get(p, ACME1_FILE, opts);

    const same = await get(p, ACME1_FILE, { ...opts, session: first.session });
    const other = await get(p, dir('acme0a0b0c000002.xml'), { ...opts, session: first.session });

    expect(first.status).toBe(200);
    expect(same.reused).toBe(true);
    expect(same.status).toBe(200);
    expect(other.reused).toBe(true);
    expect(other.status).toBe(403);
  });

  it('logs the refusals with reason forbidden', async () => {
    await get(p, ACME1_FILE, withCert(certs.acme2));
    await new Promise((r) => setTimeout(r, 20));

    expect(p.logs.some((l) => l.reason === 'forbidden')).toBe(true);
  });
});

describe('client certificates, optional', () => {
  let p: MtlsPath;
  beforeAll(async () => {
    p = await startMtlsPath('optional', join(tmp.dir, 'vendors'));
    await seed(p);
  });
  afterAll(() => p.close());

  it('serves the whole file without a certificate', async () => {
    const res = await curl(p, ACME1_FILE);

    expect(res.status).toBe('200');
    expect(res.body).toContain('password="sip-Secret-0815"');
  });

  it('serves the right MAC, and answers 403 to another MAC, an unknown CA and an expired certificate', async () => {
    expect((await curl(p, ACME1_FILE, certs.acme1)).status).toBe('200');
    expect((await curl(p, ACME1_FILE, certs.acme2)).status).toBe('403');
    expect((await curl(p, ACME1_FILE, certs.rogue)).status).toBe('403');
    expect((await get(p, ACME1_FILE, withCert(certs.acmeExpired))).status).toBe(403);
  });
});
