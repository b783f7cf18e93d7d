/**
 * @module The contract of the API token store (admin identities, src/identity/). Kept apart from
 * the Store contract, like the QR token store: tokens are not part of users or phones, and the
 * store of a token never sees the token itself.
 *
 * A record is keyed by the SHA-256 (64 lowercase hex digits) of its token: a lookup is one keyed
 * read (O(1)) and a dump of the store (SQLite file, Redis RDB) holds nothing a client could
 * present as a bearer token.
 */

/** One API token as stored: who it is, what it may do; never the token. */
export interface ApiTokenRecord {
  /** Opaque id (for listing and revoking), unique. */
  readonly id: string;
  /** SHA-256 of the token, 64 lowercase hex digits, unique. */
  readonly hash: string;
  /** A human name of the identity (`helpdesk`, `alice-phone-app`), as given at creation. */
  readonly name: string;
  /** The role (src/identity/roles.ts TOKEN_ROLES). */
  readonly role: string;
  /** The user a self-service token is bound to; null for admin roles. */
  readonly user_id: string | null;
  /** ISO 8601 time of creation. */
  readonly created_at: string;
}

/** One backend (memory-tokens.ts, sqlite-tokens.ts, redis-tokens.ts); test/store/api-tokens.contract.ts holds each to it. */
export interface ApiTokenStore {
  /**
   * Stores a new record. A record whose id or hash exists already is refused (an Error; ids and
   * tokens are random, so this means a bug, never a user mistake).
   */
  insert(record: ApiTokenRecord): Promise<void>;
  /** The record of a token hash, or undefined (unknown or revoked). One keyed read. */
  findByHash(hash: string): Promise<ApiTokenRecord | undefined>;
  /** Every record, oldest first (ties by id). */
  list(): Promise<ApiTokenRecord[]>;
  /** Removes the record `id`; answers it, or undefined when there was none. After it, findByHash of its hash is undefined. */
  remove(id: string): Promise<ApiTokenRecord | undefined>;
  close(): Promise<void>;
}

/** The shape of a token hash: SHA-256 as 64 lowercase hex digits. */
export const API_TOKEN_HASH = /^[0-9a-f]{64}$/;

/** Oldest first, ties by id: the one order every backend answers lists in. */
export function byCreation(a: ApiTokenRecord, b: ApiTokenRecord): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
