/**
 * @module API token values: a new token is 256 random bits in base64url behind a `provd_` prefix
 * (so secret scanners and people recognise it); the store keeps only its SHA-256. A plain hash
 * is enough (no salt, no slow KDF): the token is random and 256 bits long, nothing to guess.
 */
import { createHash, randomBytes } from 'node:crypto';

/** What every token this server makes starts with. */
export const API_TOKEN_PREFIX = 'provd_';

/** A new random token (49 characters); shown to its creator once, never stored. */
export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** The store key of a token: SHA-256 of its UTF-8 bytes, 64 lowercase hex digits. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
