/**
 * The phone path over real TLS on 127.0.0.1 with generated certificates: Node's client and curl
 * trusting the CA, refusals (untrusted, TLS 1.1), TLS 1.2/1.3, resumption, compat ciphers and
 * the certificate swap of a running server.
 */
import { constants } from 'node:crypto';
import { get } from 'node:https';
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import type { Server } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateManager } from '../../src/certs/index.js';
import type { TlsMaterial } from '../../src/certs/types.js';
import { PhoneCreateSchema, type Phone } from '../../src/domain/phone.js';
import { UserCreateSchema, type User } from '../../src/domain/user.js';
import { createHttpsPhoneServer, MODERN_CIPHERS, swapCertificate } from '../../src/http/https-server.js';
import { close, listen } from '../../src/http/listen.js';
import { createPhoneHandler } from '../../src/http/phone-handler.js';
import { collectingLogger, run, tempDir } from '../certs/support.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';

/** The handshake_failure alert: OpenSSL 3.0 (Node 20) spells it SSLV3, OpenSSL 3.5 (Node 24) SSL/TLS. */
const HANDSHAKE_FAILURE = /^ERR_SSL_SSL(V3|\/TLS)_ALERT_HANDSHAKE_FAILURE$/;

const T = '2026-01-01T00:00:00.000Z';
const USER: User = {
  ...UserCreateSchema.parse({ name: 'alice', extension_number: '101', extension_password: 'pw-101' }),
  id: 'u1', provision_token: 'folder-token-https-abcdefghijklmnop', created_at: T, updated_at: T,
};
const PHONE: Phone = {
  ...PhoneCreateSchema.parse({ mac: '0a0b0c000001', vendor: 'acme', model: 'X1' }),
  id: 'p1', user_id: 'u1', filename: 'acme/X1', password: 'web-pw', timezone: 'UTC', codecs: ['PCMU'],
  interface: 'PRIVATE_IPV4', preferred_transport: 'UDP', created_at: T, updated_at: T,
};
const PATH = `/provision/${USER.provision_token}/acme0a0b0c000001.xml`;

interface Probe {
  protocol: string | null;
  cipher: string;
  reused: boolean;
  session?: Buffer;
  fingerprint: string;
  body: string;
}

let tmp: ReturnType<typeof tempDir>;
let p: PhonePath;
let handler: ReturnType<typeof createPhoneHandler>;
let names: string[];
let certs: ReturnType<typeof createCertificateManager>;
let material: TlsMaterial;
let server: Server;
let port: number;

/** One TLS connection, one `Connection: close` GET; resolves after the server closes. */
function probe(opts: ConnectionOptions & { port?: number } = {}): Promise<Probe> {
  return new Promise((resolve, reject) => {
    let session: Buffer | undefined;
    let body = '';
    const sock = connect({ host: '127.0.0.1', port, ca: material.ca!, ...opts }, () => {
      sock.write(`GET ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    sock.on('session', (s) => (session = s));
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (body += d));
    sock.on('error', reject);
    sock.on('end', () => resolve({
      protocol: sock.getProtocol(), cipher: sock.getCipher().name, reused: sock.isSessionReused(),
      session, fingerprint: sock.getPeerCertificate().fingerprint256, body,
    }));
  });
}

function errorOf(opts: ConnectionOptions & { port?: number }): Promise<NodeJS.ErrnoException> {
  return probe(opts).then(() => { throw new Error('connection unexpectedly succeeded'); }, (e: NodeJS.ErrnoException) => e);
}

async function startServer(tls: TlsMaterial, compat: boolean): Promise<{ server: Server; port: number }> {
  const s = createHttpsPhoneServer({ handler, tls, compat });
  return { server: s, port: await listen(s, 0, '127.0.0.1') };
}

beforeAll(async () => {
  tmp = tempDir();
  p = await startPhonePath();
  await p.store.insertUser(USER);
  await p.store.putNetwork({ ...(await p.store.getNetwork()), private_ipv4: '10.0.0.5' });
  await p.store.insertPhone(PHONE);
  handler = createPhoneHandler({ pipeline: p.pipeline, logger: collectingLogger().logger, metrics: p.metrics, protocol: 'https', trustProxy: false });
  names = ['localhost', '127.0.0.1'];
  certs = createCertificateManager({ dir: join(tmp.dir, 'certs'), names: () => names, logger: collectingLogger().logger });
  material = await certs.ensure();
  ({ server, port } = await startServer(material, false));
});
afterAll(async () => {
  await close(server);
  await p.close();
  tmp.remove();
});

describe('HTTPS phone path', () => {
  it("serves the phone's file to Node's https client trusting the generated CA (IP SAN checked)", async () => {
    const res = await new Promise<{ status: number; body: string; type: string | undefined }>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: PATH, ca: material.ca!, agent: false }, (r) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve({ status: r.statusCode!, body, type: r.headers['content-type'] }));
      }).on('error', reject);
    });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/xml');
    expect(res.body).toContain('mac="0A:0B:0C:00:00:01"');
    expect(p.metrics.render()).toMatch(/provd_phone_requests_total\{protocol="https",status="200",vendor="acme"\} 1/);
  });

  it('works with curl --cacert ca.pem by IP and by name; curl without the CA refuses', async () => {
    const ca = join(tmp.dir, 'certs', 'ca.pem');
    const byIp = await run('curl', ['-sS', '--cacert', ca, '-w', '\n%{http_code} %{ssl_verify_result}', `https://127.0.0.1:${port}${PATH}`]);
    expect(byIp.out).toMatch(/0A:0B:0C:00:00:01[\s\S]*\n200 0$/);
    const byName = await run('curl', ['-sS', '--cacert', ca, '--resolve', `localhost:${port}:127.0.0.1`, '-o', '/dev/null', '-w', '%{http_code}', `https://localhost:${port}${PATH}`]);
    expect(byName.out).toBe('200');
    const untrusted = await run('curl', ['-sS', '-o', '/dev/null', `https://127.0.0.1:${port}${PATH}`]);
    expect(untrusted.status).toBe(60); // CURLE_PEER_FAILED_VERIFICATION
  });

  it('fails verification for a client without the CA and for a name outside the SANs', async () => {
    expect((await errorOf({ ca: undefined })).code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect((await errorOf({ servername: 'other.example.com' })).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('negotiates TLS 1.3 and TLS 1.2 (server cipher order: ECDHE-ECDSA AES-128-GCM first)', async () => {
    const v13 = await probe();
    expect(v13.protocol).toBe('TLSv1.3');
    expect(v13.body).toMatch(/^HTTP\/1\.1 200 OK/);
    const v12 = await probe({ maxVersion: 'TLSv1.2' });
    expect(v12.protocol).toBe('TLSv1.2');
    expect(v12.cipher).toBe('ECDHE-ECDSA-AES128-GCM-SHA256');
    expect(MODERN_CIPHERS.split(':')).toContain(v12.cipher);
    // The server's order wins over a client preferring ChaCha20 / AES-256.
    const reversed = await probe({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256' });
    expect(reversed.cipher).toBe('ECDHE-ECDSA-AES128-GCM-SHA256');
    const reversed13 = await probe({ ciphers: 'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256' });
    expect(reversed13.cipher).toBe('TLS_AES_128_GCM_SHA256');
    expect(v12.body).toMatch(/^HTTP\/1\.1 200 OK/);
  });

  it('refuses TLS 1.1 and 1.0 (protocol_version alert), also to clients allowing legacy ciphers', async () => {
    for (const v of ['TLSv1.1', 'TLSv1'] as const) {
      const err = await errorOf({ minVersion: v, maxVersion: v, ciphers: 'DEFAULT:@SECLEVEL=0' });
      expect(err.code).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    }
    const s = await run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_1', '-cipher', 'DEFAULT:@SECLEVEL=0']);
    expect(s.out).toMatch(/alert protocol version/);
  });

  it('refuses CBC and static-RSA suites unless compat is on', async () => {
    const err = await errorOf({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA' });
    expect(err.code).toMatch(HANDSHAKE_FAILURE);
  });

  it.each([
    ['TLS 1.3 (tickets)', { maxVersion: 'TLSv1.3' }],
    ['TLS 1.2 (tickets)', { maxVersion: 'TLSv1.2' }],
    ['TLS 1.2 without tickets (session-ID cache)', { maxVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET }],
  ] as const)('resumes sessions: %s', async (_name, opts) => {
    const first = await probe({ ...opts });
    expect(first.reused).toBe(false);
    expect(first.session).toBeInstanceOf(Buffer);
    const second = await probe({ ...opts, session: first.session });
    expect(second.reused).toBe(true);
    expect(second.body).toMatch(/^HTTP\/1\.1 200 OK/);
    const third = await probe({ ...opts }); // no session offered: a full handshake
    expect(third.reused).toBe(false);
  });

  it('resumes with openssl s_client -reconnect on TLS 1.2 with and without tickets', async () => {
    for (const extra of [[], ['-no_ticket']]) {
      const s = await run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_2', '-reconnect', '-CAfile', join(tmp.dir, 'certs', 'ca.pem'), ...extra]);
      expect(s.out.match(/^New, TLSv1\.2/gm)).toHaveLength(1);
      expect(s.out.match(/^Reused, TLSv1\.2/gm)).toHaveLength(5);
      expect(s.out).toContain('Verify return code: 0 (ok)');
    }
  });
});

describe('TLS 1.2 session-ID cache bounds', () => {
  it('drops the oldest entry beyond sessionCacheSize and entries older than sessionTimeoutSeconds', async () => {
    // A 3 s lifetime: with 1 s a loaded CI machine let b's session expire before it was resumed.
    const s = createHttpsPhoneServer({ handler, tls: material, compat: false, sessionCacheSize: 1, sessionTimeoutSeconds: 3 });
    const sport = await listen(s, 0, '127.0.0.1');
    const opts = { port: sport, maxVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET } as const;
    try {
      const a = await probe(opts);
      const b = await probe(opts);
      expect((await probe({ ...opts, session: b.session })).reused).toBe(true);
      expect((await probe({ ...opts, session: a.session })).reused).toBe(false); // evicted by b
      const c = await probe(opts);
      expect((await probe({ ...opts, session: c.session })).reused).toBe(true);
      await new Promise((r) => setTimeout(r, 3_100));
      expect((await probe({ ...opts, session: c.session })).reused).toBe(false); // expired
    } finally {
      await close(s);
    }
  });
});

describe('compat ciphers (RSA certificate for old firmware)', () => {
  it('accepts ECDHE-RSA-AES128-SHA and AES128-SHA on TLS 1.2 only when compat is on', async () => {
    const rsa = await createCertificateManager({ dir: join(tmp.dir, 'rsa'), keyType: 'rsa', names: () => ['127.0.0.1'], logger: collectingLogger().logger }).ensure();
    const compat = await startServer(rsa, true);
    const strict = await startServer(rsa, false);
    try {
      for (const cipher of ['ECDHE-RSA-AES128-SHA', 'AES128-SHA', 'AES256-SHA']) {
        const ok = await probe({ port: compat.port, ca: rsa.ca!, maxVersion: 'TLSv1.2', ciphers: cipher });
        expect([ok.protocol, ok.cipher]).toEqual(['TLSv1.2', cipher]);
        const refused = await errorOf({ port: strict.port, ca: rsa.ca!, maxVersion: 'TLSv1.2', ciphers: cipher });
        expect(refused.code).toMatch(HANDSHAKE_FAILURE);
      }
      expect((await probe({ port: compat.port, ca: rsa.ca! })).protocol).toBe('TLSv1.3');
      const old = await errorOf({ port: compat.port, ca: rsa.ca!, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'AES128-SHA:@SECLEVEL=0' });
      expect(old.code).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    } finally {
      await close(compat.server);
      await close(strict.server);
    }
  });
});

describe('swapCertificate', () => {
  it('gives new connections the renewed certificate while open connections keep working', async () => {
    // An open keep-alive connection made with the old certificate.
    const open = connect({ host: '127.0.0.1', port, ca: material.ca! });
    await new Promise((r) => open.once('secureConnect', r));
    const oldFingerprint = open.getPeerCertificate().fingerprint256;
    expect(oldFingerprint).toBe(material.fingerprint256);
    const NO_TICKET = { maxVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET } as const;
    const before = await probe({ maxVersion: 'TLSv1.2' });
    const beforeId = await probe(NO_TICKET);

    names = [...names, 'renewed.example.com'];
    expect(await certs.renewIfNeeded()).toBe(true);
    const renewed = certs.current()!;
    swapCertificate(server, renewed);

    const fresh = await probe();
    expect(fresh.fingerprint).toBe(renewed.fingerprint256);
    expect(fresh.fingerprint).not.toBe(oldFingerprint);
    expect((await probe({ servername: 'renewed.example.com' })).body).toMatch(/^HTTP\/1\.1 200 OK/);
    // A session made under the old certificate is not resumed: full handshake, new certificate.
    const resumedOld = await probe({ maxVersion: 'TLSv1.2', session: before.session });
    expect(resumedOld.reused).toBe(false);
    expect(resumedOld.fingerprint).toBe(renewed.fingerprint256);
    const resumedOldId = await probe({ ...NO_TICKET, session: beforeId.session });
    expect(resumedOldId.reused).toBe(false);
    expect(resumedOldId.fingerprint).toBe(renewed.fingerprint256);

    const reply = new Promise<string>((resolve) => {
      let body = '';
      open.setEncoding('utf8');
      open.on('data', (d: string) => (body += d));
      open.on('end', () => resolve(body));
    });
    open.write(`GET ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(await reply).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*0A:0B:0C:00:00:01/);
    expect(open.getPeerCertificate().fingerprint256).toBe(oldFingerprint);
  });

  it('refuses servers it did not create', () => {
    expect(() => swapCertificate({} as Server, material)).toThrow(/not a server from createHttpsPhoneServer/);
  });
});
