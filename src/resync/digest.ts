/**
 * @module HTTP Digest for SIP (RFC 3261 §22, RFC 2617, RFC 8760): answering a phone that
 * challenges our NOTIFY (401/407) with its own account's credentials. MD5 and SHA-256, `qop=auth`
 * or none; anything else (auth-int, an unknown algorithm) is left unanswered.
 */
import { randomBytes } from 'node:crypto';
import { digestHa1, digestHash } from '../device-auth/digest.js';

/** The parameters of a `WWW-Authenticate` / `Proxy-Authenticate: Digest ...` header. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  /** `MD5` (default) or `SHA-256`. */
  readonly algorithm: 'MD5' | 'SHA-256';
  /** `auth` when the challenge offers it, else undefined (RFC 2069 style). */
  readonly qop?: 'auth';
}

/** The phone account's credentials (the user's extension and extension password). */
export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

/** Parses a Digest challenge; undefined when it is not one this module can answer. */
export function parseDigestChallenge(header: string): DigestChallenge | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const p of m[1]!.matchAll(/([A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) params.set(p[1]!.toLowerCase(), p[2] ?? p[3] ?? '');
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  const qops = params.get('qop')?.split(',').map((q) => q.trim().toLowerCase());
  if (realm === undefined || nonce === undefined || (algorithm !== 'MD5' && algorithm !== 'SHA-256')) return undefined;
  if (qops && !qops.includes('auth')) return undefined; // only auth-int offered
  const opaque = params.get('opaque');
  return { realm, nonce, algorithm, ...(qops ? { qop: 'auth' as const } : {}), ...(opaque !== undefined ? { opaque } : {}) };
}

/**
 * The `Authorization` value answering `challenge` for a request `method` to `uri`.
 * `cnonce` is random unless given (tests); the nonce count is 1 (one answer per challenge).
 * @example digestAuthorization(ch, { username: '101', password: 's' }, 'NOTIFY', 'sip:101@10.0.0.5:5060')
 * // Digest username="101", realm="...", nonce="...", uri="sip:101@10.0.0.5:5060", response="...", algorithm=MD5
 */
export function digestAuthorization(challenge: DigestChallenge, credentials: DigestCredentials, method: string, uri: string, cnonce = randomBytes(8).toString('hex')): string {
  const hash = (text: string) => digestHash(challenge.algorithm, text);
  const ha1 = digestHa1(challenge.algorithm, credentials.username, challenge.realm, credentials.password);
  const ha2 = hash(`${method}:${uri}`);
  const nc = '00000001';
  const response = challenge.qop ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`) : hash(`${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username="${quote(credentials.username)}"`,
    `realm="${quote(challenge.realm)}"`,
    `nonce="${quote(challenge.nonce)}"`,
    `uri="${quote(uri)}"`,
    `response="${response}"`,
    `algorithm=${challenge.algorithm}`,
    ...(challenge.qop ? [`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
    ...(challenge.opaque !== undefined ? [`opaque="${quote(challenge.opaque)}"`] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}

// --- internal ---

function quote(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`);
}
