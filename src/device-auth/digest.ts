/**
 * @module HTTP Digest (RFC 7616) for the phone path: parsing an `Authorization: Digest ...`
 * header, the response a client must send, and the challenges we offer.
 *
 * Offered: `qop="auth"` only, algorithms SHA-256 (first, as RFC 7616 §3.7 asks) and MD5 (what
 * most phone firmware speaks), no `-sess` variants, no `userhash`. HA1 = H(username:realm:password)
 * is computed once per render (credentials.ts), so a request costs two hashes.
 */
import { createHash } from 'node:crypto';

export const DIGEST_ALGORITHMS = ['SHA-256', 'MD5'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** The parameters of a Digest Authorization header we use (names lowercased). */
export interface DigestParams {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop: string;
  /** `nc` as a number (8 hex digits on the wire). */
  readonly nc: number;
  readonly cnonce: string;
  readonly opaque: string | undefined;
}

/** Longest Authorization header looked at; a longer one is refused unparsed. */
const MAX_HEADER = 4096;
const HEX8 = /^[0-9a-fA-F]{8}$/;

/**
 * Parses `Digest k=v, k="quoted", ...` (RFC 7235 auth-params; `\` escapes in quoted strings).
 * Undefined when it is not Digest, is malformed, lacks a parameter we need, or uses what we do not
 * offer (another qop or algorithm, `userhash=true`, `username*`).
 * @example parseDigest('Digest username="a", realm="r", nonce="n", uri="/x", response="..", qop=auth, nc=00000001, cnonce="c"')
 */
export function parseDigest(header: string): DigestParams | undefined {
  if (header.length > MAX_HEADER || !/^digest\s/i.test(header)) return undefined;
  const params = parseAuthParams(header.slice(7));
  if (!params) return undefined;
  const [username, realm, nonce, uri, response, qop, nc, cnonce] = ['username', 'realm', 'nonce', 'uri', 'response', 'qop', 'nc', 'cnonce'].map((k) => params.get(k));
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (username === undefined || realm === undefined || nonce === undefined || uri === undefined || response === undefined) return undefined;
  if (qop !== 'auth' || nc === undefined || !HEX8.test(nc) || !cnonce) return undefined;
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256') return undefined;
  if (params.get('userhash')?.toLowerCase() === 'true' || params.has('username*')) return undefined;
  return { username, realm, nonce, uri, response: response.toLowerCase(), algorithm, qop, nc: parseInt(nc, 16), cnonce, opaque: params.get('opaque') };
}

/** H() of the algorithm, hex. */
export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256').update(text, 'utf8').digest('hex');
}

/** HA1 = H(username:realm:password) (RFC 7616 §3.4.2, non-session algorithms). */
export function digestHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

/** The response a client with HA1 must send for this request (RFC 7616 §3.4.1, qop=auth). */
export function expectedResponse(p: DigestParams, ha1: string, method: string): string {
  const ha2 = digestHash(p.algorithm, `${method}:${p.uri}`);
  const nc = p.nc.toString(16).padStart(8, '0');
  return digestHash(p.algorithm, `${ha1}:${p.nonce}:${nc}:${p.cnonce}:${p.qop}:${ha2}`);
}

/**
 * The WWW-Authenticate values of a Digest challenge: one per algorithm, SHA-256 first, sharing
 * one nonce; `stale=true` tells the client its password was right and only the nonce is old.
 */
export function digestChallenges(realm: string, nonce: string, opaque: string, stale: boolean): string[] {
  const tail = stale ? ', stale=true' : '';
  return DIGEST_ALGORITHMS.map((a) => `Digest realm="${realm}", qop="auth", algorithm=${a}, nonce="${nonce}", opaque="${opaque}"${tail}`);
}

// --- internal ---

/** auth-param list => lowercased name => value; undefined when malformed or a name repeats. */
function parseAuthParams(text: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  let i = 0;
  const n = text.length;
  const skip = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === ',')) i++;
  };
  for (skip(); i < n; skip()) {
    const eq = text.indexOf('=', i);
    if (eq === -1) return undefined;
    const name = text.slice(i, eq).trim().toLowerCase();
    if (!/^[a-z0-9*_-]+$/.test(name) || out.has(name)) return undefined;
    i = eq + 1;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    let value = '';
    if (text[i] === '"') {
      for (i++; i < n && text[i] !== '"'; i++) value += text[i] === '\\' && i + 1 < n ? text[++i] : text[i];
      if (i >= n) return undefined; // unterminated quoted string
      i++;
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== ' ' && text[i] !== '\t') i++;
      value = text.slice(start, i);
    }
    out.set(name, value);
  }
  return out;
}
