/**
 * @module Authentication of admin API bearer tokens: the bootstrap admin token (compared in
 * constant time) or a stored token (looked up by its SHA-256, one keyed read). A self-service
 * token whose user no longer exists authenticates nobody.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ApiTokenStore } from '../store/token-types.js';
import type { Store } from '../store/types.js';
import { BOOTSTRAP_ID, BOOTSTRAP_NAME, fingerprintOf, type Identity } from './identity.js';
import { parseTokenRole } from './roles.js';
import { hashApiToken } from './token.js';

export interface AuthenticatorDeps {
  /** The bootstrap admin token (non-empty): always SystemAdmin. */
  readonly adminToken: string;
  readonly tokens: ApiTokenStore;
  readonly store: Pick<Store, 'getUser'>;
}

/** Answers the identity of a bearer token, or undefined (unknown, revoked, or its user is gone). */
export type Authenticator = (token: string) => Promise<Identity | undefined>;

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  if (deps.adminToken.length === 0) throw new Error('createAuthenticator: the admin token must not be empty');
  const bootstrapHash = hashApiToken(deps.adminToken);
  const bootstrapDigest = Buffer.from(bootstrapHash, 'hex');
  const bootstrap: Identity = { id: BOOTSTRAP_ID, name: BOOTSTRAP_NAME, role: 'SystemAdmin', userId: null, fingerprint: fingerprintOf(bootstrapHash) };
  return async (token) => {
    // Hashes of equal length are compared, so neither the token nor its length leaks through timing.
    const hash = hashApiToken(token);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), bootstrapDigest)) return bootstrap;
    const record = await deps.tokens.findByHash(hash);
    const role = record && parseTokenRole(record.role);
    if (!record || !role) return undefined;
    if (record.user_id !== null && !(await deps.store.getUser(record.user_id))) return undefined;
    return { id: record.id, name: record.name, role, userId: record.user_id, fingerprint: fingerprintOf(hash) };
  };
}
