/**
 * @module Identity: who an authenticated API request is. Made by authentication
 * (authenticate.ts), read by authorisation (src/api/authorize.ts), the self-service routes and
 * the audit lines. Holds no secret: `fingerprint` is 8 hex digits of the token's SHA-256.
 */
import type { TokenRole } from './roles.js';

export interface Identity {
  /** `bootstrap` for the admin token of the data folder or PROV_ADMIN_TOKEN; else the token record's id. */
  readonly id: string;
  /** The name audit lines give as `actor`: `admin` for the bootstrap token, else the token's name. */
  readonly name: string;
  readonly role: TokenRole;
  /** The user a self-service identity is bound to; null for admin roles. */
  readonly userId: string | null;
  /** `sha256:` and the first 8 hex digits of the token's SHA-256: tells tokens apart in logs, reveals nothing. */
  readonly fingerprint: string;
}

/** The id of the bootstrap identity (no stored record has it: record ids are UUIDs). */
export const BOOTSTRAP_ID = 'bootstrap';
/** The name of the bootstrap identity, as audit lines have always named it. */
export const BOOTSTRAP_NAME = 'admin';

/** The fingerprint of a token from its SHA-256 hex. */
export function fingerprintOf(hashHex: string): string {
  return `sha256:${hashHex.slice(0, 8)}`;
}
