/** @module Server-generated secrets: provisioning folder tokens and phone web passwords (crypto random). */
import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A user's secure provisioning folder name: 32 random bytes, base64url (43 characters). */
export function newProvisionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A phone web password: `length` characters drawn uniformly from [A-Za-z0-9] (randomInt has no
 * modulo bias). Alphanumeric by default, so every vendor's web UI and config format accepts it;
 * a model whose phones take fewer characters passes its own `alphabet` (vendor.json `web_password`).
 */
export function newPassword(length = 12, alphabet: string = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
