/** CA and server certificate profiles, checked with node:crypto and openssl. */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueCa, issueServerCert } from '../../src/certs/issue.js';
import { openssl, opensslText, tempDir } from './support.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const SANS = { dns: ['localhost', 'pbx.example.com'], ips: ['127.0.0.1', '10.0.0.5', '::1', '2001:db8::5'] };
const DAY = 86_400_000;

describe('issueCa / issueServerCert', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('issues an ECDSA P-256 CA: self-signed, CA:TRUE pathlen 0, keyCertSign, ten years', async () => {
    const ca = await issueCa({ keyType: 'ecdsa', now: NOW });
    const x = new X509Certificate(ca.cert);
    expect(x.ca).toBe(true);
    expect(x.publicKey.asymmetricKeyType).toBe('ec');
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x.checkIssued(x)).toBe(true);
    expect(x.verify(createPublicKey(ca.key))).toBe(true);
    expect(Date.parse(x.validTo) - Date.parse(x.validFrom)).toBe(3650 * DAY + 3_600_000);
    expect(Date.parse(x.validFrom)).toBeLessThan(NOW.getTime()); // back-dated for lagging phone clocks
    const file = join(tmp.dir, 'ca.pem');
    writeFileSync(file, ca.cert);
    const text = opensslText(file);
    expect(text).toMatch(/Signature Algorithm: ecdsa-with-SHA256/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toMatch(/Subject: CN = provd CA [0-9a-f]{8}, O = provd/);
  });

  it('issues an ECDSA server certificate with exactly the SANs, serverAuth and digitalSignature only', async () => {
    const ca = await issueCa({ keyType: 'ecdsa', now: NOW });
    const leaf = await issueServerCert({ ca, keyType: 'ecdsa', sans: SANS, now: NOW });
    const x = new X509Certificate(leaf.cert);
    expect(x.ca).toBe(false);
    expect(x.subjectAltName).toBe('DNS:localhost, DNS:pbx.example.com, IP Address:127.0.0.1, IP Address:10.0.0.5, IP Address:0:0:0:0:0:0:0:1, IP Address:2001:DB8:0:0:0:0:0:5');
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(x.subject).toBe('CN=localhost\nO=provd');
    expect(x.checkIssued(new X509Certificate(ca.cert))).toBe(true);
    expect(x.verify(createPublicKey(ca.key))).toBe(true);
    expect(Date.parse(x.validTo) - Date.parse(x.validFrom)).toBe(825 * DAY + 3_600_000);
    writeFileSync(join(tmp.dir, 'ca.pem'), ca.cert);
    writeFileSync(join(tmp.dir, 'leaf.pem'), leaf.cert);
    const text = opensslText(join(tmp.dir, 'leaf.pem'));
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/ASN1 OID: prime256v1/);
    const verify = openssl(['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', join(tmp.dir, 'ca.pem'), '-attime', String(NOW.getTime() / 1000), join(tmp.dir, 'leaf.pem')]);
    expect(verify.out).toContain(': OK');
    expect(verify.status).toBe(0);
  });

  it('links the leaf to the CA by key identifier (AKI of the leaf = SKI of the CA)', async () => {
    const ca = await issueCa({ keyType: 'ecdsa', now: NOW });
    const leaf = await issueServerCert({ ca, keyType: 'ecdsa', sans: SANS, now: NOW });
    writeFileSync(join(tmp.dir, 'ca2.pem'), ca.cert);
    writeFileSync(join(tmp.dir, 'leaf2.pem'), leaf.cert);
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(opensslText(join(tmp.dir, 'ca2.pem')))![1];
    const aki = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(opensslText(join(tmp.dir, 'leaf2.pem')))![1];
    expect(ski).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(aki).toBe(ski);
  });

  it('issues RSA-2048 with sha256WithRSAEncryption and keyEncipherment; an ECDSA CA can sign an RSA leaf', async () => {
    const rsaCa = await issueCa({ keyType: 'rsa', now: NOW });
    const ecCa = await issueCa({ keyType: 'ecdsa', now: NOW });
    for (const ca of [rsaCa, ecCa]) {
      const leaf = await issueServerCert({ ca, keyType: 'rsa', sans: SANS, now: NOW });
      const x = new X509Certificate(leaf.cert);
      expect(x.publicKey.asymmetricKeyType).toBe('rsa');
      expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(x.verify(createPublicKey(ca.key))).toBe(true);
      writeFileSync(join(tmp.dir, 'rsa-leaf.pem'), leaf.cert);
      const text = opensslText(join(tmp.dir, 'rsa-leaf.pem'));
      expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
      expect(text).toMatch(ca === rsaCa ? /Signature Algorithm: sha256WithRSAEncryption/ : /Signature Algorithm: ecdsa-with-SHA256/);
    }
    expect(new X509Certificate(rsaCa.cert).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('never lets the leaf outlive notAfterMax, uses the first IP as CN without DNS names, and refuses no names', async () => {
    const ca = await issueCa({ keyType: 'ecdsa', now: NOW, days: 100 });
    const caEnd = new Date(Date.parse(new X509Certificate(ca.cert).validTo));
    const leaf = await issueServerCert({ ca, keyType: 'ecdsa', sans: { dns: [], ips: ['10.0.0.5'] }, now: NOW, notAfterMax: caEnd });
    const x = new X509Certificate(leaf.cert);
    expect(Date.parse(x.validTo)).toBe(caEnd.getTime());
    expect(x.subject).toBe('CN=10.0.0.5\nO=provd');
    await expect(issueServerCert({ ca, keyType: 'ecdsa', sans: { dns: [], ips: [] }, now: NOW })).rejects.toThrow(/at least one name/);
  });

  it('gives every certificate a distinct positive 128-bit serial', async () => {
    const ca = await issueCa({ keyType: 'ecdsa', now: NOW });
    const serials = new Set<string>();
    for (let i = 0; i < 5; i++) serials.add(new X509Certificate((await issueServerCert({ ca, keyType: 'ecdsa', sans: SANS, now: NOW })).cert).serialNumber);
    expect(serials.size).toBe(5);
    for (const s of serials) expect(s).toMatch(/^[4-7][0-9A-F]{31}$/);
  });
});
