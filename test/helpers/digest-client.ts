/**
 * @module A hand-written HTTP Digest client for tests (RFC 7616 §3.4, qop=auth), independent of
 * src/device-auth: it reads a challenge and computes the Authorization header from the RFC's formulas.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Challenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  readonly algorithm: 'MD5' | 'SHA-256';
  readonly stale: boolean;
}

/**
 * The WWW-Authenticate values, one per challenge: node:http joins repeated headers with `, `,
 * so a joined value is split again before each scheme name.
 */
export function challengeValues(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.flatMap((v) => v.split(/,\s*(?=(?:Digest|Basic)\s)/));
}

/** The Digest challenges among WWW-Authenticate values (one header value or several). */
export function challengesOf(header: string | string[] | undefined): Challenge[] {
  return challengeValues(header).filter((v) => /^Digest /.test(v)).map((v) => {
    const param = (name: string) => new RegExp(`${name}="?([^",]*)"?`).exec(v)?.[1];
    return { realm: param('realm')!, nonce: param('nonce')!, opaque: param('opaque'), algorithm: param('algorithm') as Challenge['algorithm'], stale: param('stale') === 'true' };
  });
}

/** The Authorization header answering `challenge` for `method uri` with nonce count `nc`. */
export function authorization(challenge: Challenge, user: string, password: string, method: string, uri: string, nc = 1): string {
  const h = (s: string) => createHash(challenge.algorithm === 'MD5' ? 'md5' : 'sha256').update(s).digest('hex');
  const cnonce = randomBytes(8).toString('hex');
  const ncHex = nc.toString(16).padStart(8, '0');
  const response = h(`${h(`${user}:${challenge.realm}:${password}`)}:${challenge.nonce}:${ncHex}:${cnonce}:auth:${h(`${method}:${uri}`)}`);
  const opaque = challenge.opaque === undefined ? '' : `, opaque="${challenge.opaque}"`;
  return `Digest username="${user}", realm="${challenge.realm}", nonce="${challenge.nonce}", uri="${uri}", algorithm=${challenge.algorithm}, qop=auth, nc=${ncHex}, cnonce="${cnonce}", response="${response}"${opaque}`;
}
