/**
 * @module Single-use QR tokens: 256 random bits as base64url (43 characters) in the URL, only
 * their SHA-256 in the store (src/store/qr-types.ts). A hash without a key is enough: a token
 * has 256 bits of entropy, so its hash cannot be turned back into it.
 */
import { createHash, randomBytes } from 'node:crypto';

/** What a token looks like in a URL; anything else is refused before any lookup. */
export const QR_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The store key of a token: SHA-256, 64 lowercase hex digits. */
export function hashQrToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token and its hash. */
export function newQrToken(): { readonly token: string; readonly hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashQrToken(token) };
}
