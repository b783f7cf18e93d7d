/** The certificate life cycle in a real directory: create, restart, renew, key types, BYO. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCertificateManager, type CertificateManagerOptions } from '../../src/certs/index.js';
import { issueCa, issueServerCert } from '../../src/certs/issue.js';
import { isProvError } from '../../src/errors.js';
import { collectingLogger, openssl, opensslText, tempDir } from './support.js';

const DAY = 86_400_000;
const NAMES = ['pbx.example.com', 'sbc.example.com', '10.0.0.5', '203.0.113.7', 'fd00::5', '2001:db8::7', 'localhost', '127.0.0.1'];

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let logs: Record<string, unknown>[];
let clock: { now: number };
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const blocks = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

function manager(over: Partial<CertificateManagerOptions> = {}) {
  const l = collectingLogger();
  logs = l.logs;
  return createCertificateManager({ dir, names: () => NAMES, logger: l.logger, now: () => clock.now, ...over });
}

beforeEach(() => {
  tmp = tempDir();
  dir = join(tmp.dir, 'certs');
  clock = { now: Date.parse('2026-03-01T10:00:00Z') };
});
afterEach(() => tmp.remove());

describe('generated certificates', () => {
  it('creates an ECDSA P-256 CA and server certificate with exactly the given SANs, verifiable by openssl', async () => {
    const m = await manager().ensure();
    expect(m.keyType).toBe('ecdsa');
    const leaf = new X509Certificate(read('server.pem'));
    const ca = new X509Certificate(read('ca.pem'));
    expect(leaf.publicKey.asymmetricKeyType).toBe('ec');
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(ca.publicKey.asymmetricKeyType).toBe('ec');
    expect(leaf.subjectAltName).toBe('DNS:pbx.example.com, DNS:sbc.example.com, DNS:localhost, IP Address:10.0.0.5, IP Address:203.0.113.7, IP Address:FD00:0:0:0:0:0:0:5, IP Address:2001:DB8:0:0:0:0:0:7, IP Address:127.0.0.1');
    expect(m.sans).toEqual({ dns: ['pbx.example.com', 'sbc.example.com', 'localhost'], ips: ['10.0.0.5', '203.0.113.7', 'fd00::5', '2001:db8::7', '127.0.0.1'] });
    expect(ca.ca).toBe(true);
    expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
    expect(opensslText(join(dir, 'server.pem'))).toMatch(/Signature Algorithm: ecdsa-with-SHA256[\s\S]+NIST CURVE: P-256/);
    const v = openssl(['verify', '-x509_strict', '-purpose', 'sslserver', '-attime', String(clock.now / 1000 + 60), '-verify_ip', '2001:db8::7', '-CAfile', join(dir, 'ca.pem'), join(dir, 'server.pem')]);
    expect(v.out).toContain(': OK');
    expect(v.status).toBe(0);
    // server.pem is the chain phones get: leaf, then CA; the material matches the files.
    expect(blocks(read('server.pem'))).toEqual([...blocks(m.cert)]);
    expect(blocks(m.cert)[1]).toBe(blocks(read('ca.pem'))[0]);
    expect(m.key).toBe(read('server.key'));
    expect(m.ca).toBe(read('ca.pem'));
    expect(m.fingerprint256).toBe(leaf.fingerprint256);
    expect(m.notAfter.getTime()).toBe(Date.parse(leaf.validTo));
  });

  it('writes keys with mode 0600 and certificates 0644, and leaves no temp files', async () => {
    await manager().ensure();
    expect(statSync(join(dir, 'ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'server.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'ca.pem')).mode & 0o777).toBe(0o644);
    expect(statSync(join(dir, 'server.pem')).mode & 0o777).toBe(0o644);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, 'ca.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readdirSync(dir).sort()).toEqual(['ca.key', 'ca.pem', 'server.key', 'server.pem']);
  });

  it('generates RSA-2048 for CA and server when configured', async () => {
    const m = await manager({ keyType: 'rsa' }).ensure();
    expect(m.keyType).toBe('rsa');
    for (const f of ['server.pem', 'ca.pem']) {
      const x = new X509Certificate(read(f));
      expect(x.publicKey.asymmetricKeyType).toBe('rsa');
      expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    }
    expect(opensslText(join(dir, 'server.pem'))).toMatch(/Signature Algorithm: sha256WithRSAEncryption[\s\S]+Public-Key: \(2048 bit\)/);
    expect(openssl(['verify', '-attime', String(clock.now / 1000 + 60), '-CAfile', join(dir, 'ca.pem'), join(dir, 'server.pem')]).status).toBe(0);
  });

  it('a restart (new manager, same dir) serves the byte-identical certificate and rewrites nothing', async () => {
    const first = await manager().ensure();
    const before = ['ca.pem', 'ca.key', 'server.pem', 'server.key'].map((f) => [read(f), statSync(join(dir, f)).mtimeMs]);
    const again = manager();
    const second = await again.ensure();
    expect(second.cert).toBe(first.cert);
    expect(second.key).toBe(first.key);
    expect(second.fingerprint256).toBe(first.fingerprint256);
    expect(['ca.pem', 'ca.key', 'server.pem', 'server.key'].map((f) => [read(f), statSync(join(dir, f)).mtimeMs])).toEqual(before);
    expect(await again.renewIfNeeded()).toBe(false);
    expect(logs.some((l) => /issued|generated/.test(String(l.msg)))).toBe(false);
  });

  it('issues a new server certificate from the same CA when the names change; the old one is kept as .prev', async () => {
    let names = NAMES;
    const m = manager({ names: () => names });
    const first = await m.ensure();
    const ca = read('ca.pem');
    expect(await m.renewIfNeeded()).toBe(false);
    names = [...NAMES, 'new.example.com'];
    expect(await m.renewIfNeeded()).toBe(true);
    const second = m.current()!;
    expect(second.fingerprint256).not.toBe(first.fingerprint256);
    expect(second.sans.dns).toContain('new.example.com');
    expect(read('ca.pem')).toBe(ca);
    expect(new X509Certificate(read('server.pem')).verify(new X509Certificate(ca).publicKey)).toBe(true);
    expect(read('server.pem.prev')).toBe(first.cert);
    expect(statSync(join(dir, 'server.key.prev')).mode & 0o777).toBe(0o600);
    expect(logs.find((l) => l.msg === 'issued a server certificate' && l.reason === 'names changed')).toBeDefined();
    // Dropping a name does not force a new certificate: the old one still covers the rest.
    names = ['localhost'];
    expect(await m.renewIfNeeded()).toBe(false);
  });

  it('renews a server certificate that expires within the window, from the same CA', async () => {
    const m = manager({ renewBeforeDays: 30 });
    const first = await m.ensure();
    const ca = read('ca.pem');
    clock.now = first.notAfter.getTime() - 31 * DAY;
    expect(await m.renewIfNeeded()).toBe(false);
    clock.now = first.notAfter.getTime() - 29 * DAY;
    expect(await m.renewIfNeeded()).toBe(true);
    const second = m.current()!;
    expect(second.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime() + 700 * DAY);
    expect(read('ca.pem')).toBe(ca);
    expect(new X509Certificate(read('server.pem')).checkIssued(new X509Certificate(ca))).toBe(true);
    expect(logs.find((l) => l.reason === 'expires soon')).toBeDefined();
  });

  it('reissues when server files are missing or do not match, never touching the CA', async () => {
    await manager().ensure();
    const ca = [read('ca.pem'), read('ca.key')];
    unlinkSync(join(dir, 'server.pem'));
    const a = await manager().ensure();
    expect(new X509Certificate(a.cert).checkIssued(new X509Certificate(ca[0]!))).toBe(true);
    writeFileSync(join(dir, 'server.key'), generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const b = await manager().ensure();
    expect(b.fingerprint256).not.toBe(a.fingerprint256);
    expect(new X509Certificate(b.cert).checkPrivateKey(createPrivateKey(b.key))).toBe(true);
    expect(logs.find((l) => l.msg === 'server certificate files unusable')).toBeDefined();
    expect([read('ca.pem'), read('ca.key')]).toEqual(ca);
  });

  it('reissues the server certificate when an admin replaces the CA files', async () => {
    const first = await manager().ensure();
    const adminCa = await issueCa({ keyType: 'ecdsa', now: new Date(clock.now), commonName: 'Admin CA' });
    writeFileSync(join(dir, 'ca.pem'), adminCa.cert);
    writeFileSync(join(dir, 'ca.key'), adminCa.key.export({ type: 'pkcs8', format: 'pem' }));
    const m = await manager().ensure();
    expect(m.fingerprint256).not.toBe(first.fingerprint256);
    expect(new X509Certificate(m.cert).verify(createPublicKey(adminCa.key))).toBe(true);
    expect(new X509Certificate(m.cert).issuer).toBe('CN=Admin CA\nO=provd');
    expect(m.ca).toBe(adminCa.cert);
    expect(logs.find((l) => l.reason === 'not issued by the current CA')).toBeDefined();
  });

  it('keeps existing certificates of another key type (with a warning) instead of replacing them', async () => {
    const rsa = await manager({ keyType: 'rsa' }).ensure();
    const m = await manager({ keyType: 'ecdsa' }).ensure();
    expect(m.cert).toBe(rsa.cert);
    expect(m.keyType).toBe('rsa');
    const warnings = logs.filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warnings).toContain('CA key type differs from the configured one; keeping it');
    expect(warnings).toContain('server certificate key type differs from the configured one; keeping it');
  });

  it('refuses to start without a usable server certificate when the CA pair is incomplete, and never completes it', async () => {
    await manager().ensure();
    unlinkSync(join(dir, 'ca.key'));
    unlinkSync(join(dir, 'server.pem'));
    const err = await manager().ensure().catch((e: unknown) => e);
    expect(isProvError(err) && err.code).toBe('PROV_ERR_CONFIG_INVALID');
    expect(existsSync(join(dir, 'ca.key'))).toBe(false);
  });

  it('serializes concurrent ensure() calls: one CA, one server certificate', async () => {
    const m = manager();
    const [a, b] = await Promise.all([m.ensure(), m.ensure()]);
    expect(a.cert).toBe(b.cert);
    expect(logs.filter((l) => l.msg === 'generated a provisioning CA')).toHaveLength(1);
    expect(logs.filter((l) => l.msg === 'issued a server certificate')).toHaveLength(1);
  });

  it('startRenewal calls onRenewed with the new material when a check issues a certificate', async () => {
    let names = NAMES;
    const m = manager({ names: async () => names });
    const first = await m.ensure();
    names = ['renewed.example.com'];
    const renewed = await new Promise<{ fingerprint256: string; sans: unknown }>((resolve) => {
      const stop = m.startRenewal({ intervalMs: 20, onRenewed: (mat) => { stop(); resolve(mat); } });
    });
    expect(renewed.fingerprint256).not.toBe(first.fingerprint256);
    expect(renewed.sans).toEqual({ dns: ['renewed.example.com'], ips: [] });
  });
});

describe('bring your own certificate', () => {
  async function byoFiles(withRoot: boolean) {
    const now = new Date(clock.now);
    const ca = await issueCa({ keyType: 'ecdsa', now, commonName: 'Admin Root' });
    const leaf = await issueServerCert({ ca, keyType: 'rsa', sans: { dns: ['pbx.example.com'], ips: [] }, now });
    const certFile = join(tmp.dir, 'byo.pem');
    const keyFile = join(tmp.dir, 'byo.key');
    writeFileSync(certFile, withRoot ? leaf.cert + ca.cert : leaf.cert);
    writeFileSync(keyFile, leaf.key.export({ type: 'pkcs8', format: 'pem' }));
    return { certFile, keyFile, ca, leaf };
  }

  it('serves the files as given, publishes a bundled self-signed root, and generates nothing', async () => {
    const f = await byoFiles(true);
    const m = manager({ byo: { certFile: f.certFile, keyFile: f.keyFile } });
    const mat = await m.ensure();
    expect(mat.cert).toBe(readFileSync(f.certFile, 'utf8'));
    expect(mat.key).toBe(readFileSync(f.keyFile, 'utf8'));
    expect(mat.keyType).toBe('rsa');
    expect(m.caPem()).toBe(f.ca.cert);
    expect(existsSync(dir)).toBe(false);
    // The configured names include ones the admin's certificate lacks: a warning, not a failure.
    expect(logs.find((l) => l.msg === 'TLS certificate does not list every configured name')).toBeDefined();
  });

  it('has no CA to publish without a root in the bundle, and re-reads replaced files', async () => {
    const f = await byoFiles(false);
    const m = manager({ byo: { certFile: f.certFile, keyFile: f.keyFile } });
    const first = await m.ensure();
    expect(m.caPem()).toBeNull();
    expect(await m.renewIfNeeded()).toBe(false);
    const g = await byoFiles(false); // same paths, new certificate and key (certbot-style)
    expect(await m.renewIfNeeded()).toBe(true);
    expect(m.current()!.cert).toBe(g.leaf.cert);
    expect(m.current()!.fingerprint256).not.toBe(first.fingerprint256);
  });

  it('rejects a key that does not belong to the certificate and missing files', async () => {
    const f = await byoFiles(false);
    writeFileSync(f.keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const err = await manager({ byo: { certFile: f.certFile, keyFile: f.keyFile } }).ensure().catch((e: unknown) => e);
    expect(isProvError(err) && err.code).toBe('PROV_ERR_CONFIG_INVALID');
    expect((err as Error).message).toMatch(/does not belong/);
    const missing = await manager({ byo: { certFile: join(tmp.dir, 'nope.pem'), keyFile: f.keyFile } }).ensure().catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/nope\.pem does not exist/);
  });
});
