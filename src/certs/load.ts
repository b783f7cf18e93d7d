/**
 * @module Reading certificate/key pairs from PEM files and turning them into TlsMaterial.
 * Parsing uses node:crypto only (node-forge cannot read EC certificates).
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ProvError } from '../errors.js';
import { readOptional } from './files.js';
import { parseSans } from './sans.js';
import type { KeyType, TlsMaterial } from './types.js';
import { keyTypeOf } from './x509.js';

/** A certificate (first PEM block of `pem`) with its private key, parsed. */
export interface Pair {
  /** The file's PEM text, possibly a chain (server.pem holds leaf + CA). */
  readonly pem: string;
  readonly keyPem: string;
  readonly x509: X509Certificate;
  readonly key: KeyObject;
  readonly keyType: KeyType;
}

export type PairState =
  | { readonly status: 'missing' }
  | { readonly status: 'partial'; readonly missing: string }
  | { readonly status: 'invalid'; readonly reason: string }
  | { readonly status: 'ok'; readonly pair: Pair };

/** Reads a cert + key pair: both absent, one absent, unreadable/mismatched, or usable. */
export async function readPair(certPath: string, keyPath: string): Promise<PairState> {
  const [pem, keyPem] = await Promise.all([readOptional(certPath), readOptional(keyPath)]);
  if (pem === undefined && keyPem === undefined) return { status: 'missing' };
  if (pem === undefined) return { status: 'partial', missing: certPath };
  if (keyPem === undefined) return { status: 'partial', missing: keyPath };
  try {
    return { status: 'ok', pair: parsePair(pem, keyPem) };
  } catch (err) {
    return { status: 'invalid', reason: `${certPath}/${keyPath}: ${(err as Error).message}` };
  }
}

/** Parses PEM texts; throws when they don't parse, the key type is unsupported, or they don't match. */
export function parsePair(pem: string, keyPem: string): Pair {
  const first = pemBlocks(pem)[0];
  if (first === undefined) throw new Error('no certificate in PEM');
  const x509 = new X509Certificate(first);
  const key = createPrivateKey(keyPem);
  if (!x509.checkPrivateKey(key)) throw new Error('the private key does not belong to the certificate');
  return { pem, keyPem, x509, key, keyType: keyTypeOf(key) };
}

/** Bring-your-own files, used as given; anything unusable is a configuration error at start. */
export async function readByo(certFile: string, keyFile: string): Promise<Pair> {
  const state = await readPair(certFile, keyFile);
  if (state.status === 'ok') return state.pair;
  const reason = state.status === 'missing' ? `${certFile} and ${keyFile} do not exist`
    : state.status === 'partial' ? `${state.missing} does not exist` : state.reason;
  throw new ProvError('PROV_ERR_CONFIG_INVALID', [`TLS certificate: ${reason}`]);
}

/**
 * The CA to publish for a BYO chain: its last certificate when that one is self-signed (a root
 * the admin bundled); null otherwise (a public CA's chain ends below its root: nothing to push).
 */
export function rootOf(chainPem: string): string | null {
  const last = pemBlocks(chainPem).at(-1);
  if (last === undefined) return null;
  const x = new X509Certificate(last);
  return x.checkIssued(x) && x.verify(x.publicKey) ? last : null;
}

/** The PEM CERTIFICATE blocks of a text, each ending with a newline. */
export function pemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => `${m[0]}\n`);
}

/** notAfter of a certificate as a Date (X509Certificate only has a text form on Node 20). */
export function notAfterOf(x509: X509Certificate): Date {
  const t = Date.parse(x509.validTo);
  if (Number.isNaN(t)) throw new Error(`unreadable validTo ${x509.validTo}`);
  return new Date(t);
}

/** TlsMaterial for a server pair: `chain` is what TLS presents (leaf first), `ca` what phones trust. */
export function materialOf(pair: Pair, chain: string, ca: string | null): TlsMaterial {
  return {
    key: pair.keyPem,
    cert: chain,
    ca,
    notAfter: notAfterOf(pair.x509),
    keyType: pair.keyType,
    fingerprint256: pair.x509.fingerprint256,
    sans: parseSans(pair.x509.subjectAltName),
  };
}
