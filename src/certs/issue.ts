/**
 * @module Key generation and the two certificate profiles: the provisioning CA and the server
 * certificate it signs. Pure apart from randomness and key generation; no files.
 */
import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { buildCertificate, randomSerial, type NameAttr } from './x509.js';
import type { KeyType, SanList } from './types.js';

const generate = promisify(generateKeyPair);
const DAY = 86_400_000;
/** notBefore is back-dated so phones whose clock lags a little still accept a fresh certificate. */
const BACKDATE_MS = 3_600_000;

/** A private key with its certificate. */
export interface Issued {
  readonly key: KeyObject;
  /** PEM of the one certificate (no chain). */
  readonly cert: string;
}

/** Generates a key pair off the main thread: P-256 for `ecdsa`, 2048-bit RSA for `rsa`. */
export async function generateKey(keyType: KeyType): Promise<KeyObject> {
  const pair = keyType === 'ecdsa'
    ? await generate('ec', { namedCurve: 'prime256v1' })
    : await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  return pair.privateKey;
}

export interface CaOptions {
  readonly keyType: KeyType;
  readonly now: Date;
  /** Validity in days (default 3650). */
  readonly days?: number;
  /** Common name; a random suffix keeps two installations' CAs apart in a phone's trust list. */
  readonly commonName?: string;
}

/** A self-signed CA: basicConstraints CA:true pathlen 0, keyUsage keyCertSign + cRLSign (critical). */
export async function issueCa(options: CaOptions): Promise<Issued> {
  const key = await generateKey(options.keyType);
  const name: NameAttr[] = [
    { shortName: 'CN', value: options.commonName ?? `provd CA ${randomBytes(4).toString('hex')}` },
    { shortName: 'O', value: 'provd' },
  ];
  const cert = buildCertificate({
    subjectKey: key,
    issuerKey: key,
    subject: name,
    serial: randomSerial(randomBytes(16)),
    ...validity(options.now, options.days ?? 3650),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key, cert };
}

export interface ServerCertOptions {
  /** The signing CA: its private key and its certificate (PEM). */
  readonly ca: { readonly key: KeyObject; readonly cert: string };
  readonly keyType: KeyType;
  readonly sans: SanList;
  readonly now: Date;
  /** Validity in days (default 825, the longest Apple clients accept); never past `notAfterMax`. */
  readonly days?: number;
  /** Usually the CA's notAfter: a leaf outliving its issuer would fail validation at that point. */
  readonly notAfterMax?: Date;
}

/**
 * A server certificate: CN = first DNS name (else first IP), SANs exactly `sans`, EKU serverAuth,
 * keyUsage digitalSignature (+ keyEncipherment for RSA, which TLS 1.2 RSA key exchange uses).
 */
export async function issueServerCert(options: ServerCertOptions): Promise<Issued> {
  const { sans } = options;
  if (sans.dns.length + sans.ips.length === 0) throw new Error('a server certificate needs at least one name');
  const key = await generateKey(options.keyType);
  const range = validity(options.now, options.days ?? 825);
  if (options.notAfterMax && range.notAfter > options.notAfterMax) range.notAfter = options.notAfterMax;
  const cert = buildCertificate({
    subjectKey: key,
    issuerKey: options.ca.key,
    subject: [{ shortName: 'CN', value: sans.dns[0] ?? sans.ips[0]! }, { shortName: 'O', value: 'provd' }],
    issuerCert: options.ca.cert,
    serial: randomSerial(randomBytes(16)),
    ...range,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: options.keyType === 'rsa', critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [
        ...sans.dns.map((value) => ({ type: 2, value })),
        ...sans.ips.map((ip) => ({ type: 7, ip })),
      ] },
    ],
  });
  return { key, cert };
}

function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  const start = Math.floor((now.getTime() - BACKDATE_MS) / 1000) * 1000;
  return { notBefore: new Date(start), notAfter: new Date(start + BACKDATE_MS + days * DAY) };
}
