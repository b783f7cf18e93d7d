/**
 * @module HTTP Basic (RFC 7617) for the phone path, accepted over HTTPS only (the step ignores a
 * Basic header over plain HTTP, where it would carry the password in clear). The server keeps
 * SHA-256(username ":" password), never the password, and compares digests in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Longest Authorization header looked at. */
const MAX_HEADER = 1024;

/** SHA-256 of `username:password`: what a file keeps to check Basic credentials against. */
export function basicDigest(username: string, password: string): Buffer {
  return createHash('sha256').update(`${username}:${password}`, 'utf8').digest();
}

/**
 * True when `header` is `Basic <base64 of username:password>` for exactly these credentials
 * (`expected` = basicDigest of them); constant time in the credentials.
 */
export function basicMatches(header: string, expected: Buffer): boolean {
  if (header.length > MAX_HEADER || !/^basic\s+/i.test(header)) return false;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64');
  if (decoded.indexOf(0x3a) === -1) return false; // no `:`
  return timingSafeEqual(createHash('sha256').update(decoded).digest(), expected);
}

/** The Basic challenge offered over HTTPS next to Digest. */
export function basicChallenge(realm: string): string {
  return `Basic realm="${realm}", charset="UTF-8"`;
}
