/**
 * @module The contract of the single-use QR token store (softphone QR codes whose payload is a
 * URL, src/qr/tokens.ts). Kept apart from the Store contract: tokens are short-lived, never
 * listed, never part of a user record, and lost tokens only mean a QR code must be made again.
 *
 * The store never sees a token: it is keyed by the token's SHA-256 (hex), so a dump of the store
 * (SQLite file, Redis RDB) holds nothing a phone could present.
 */

/** What a token stands for. */
export interface QrTokenRecord {
  /** The user whose SIP account the first fetch answers. */
  readonly user_id: string;
  /** The app whose configuration the first fetch answers (src/qr/apps.ts ids). */
  readonly app: string;
  /** End of life, ms since the epoch: consume() at or after it finds nothing. */
  readonly expires_at: number;
}

/** One backend (memory-qr.ts, sqlite-qr.ts, redis-qr.ts); test/store/qr-tokens.contract.ts holds each to it. */
export interface QrTokenStore {
  /** Stores the record of a token hash (64 lowercase hex digits). Expired records may be dropped on the way. */
  put(hash: string, record: QrTokenRecord): Promise<void>;
  /**
   * Removes and answers the record of `hash` when it exists and is alive at `now` (ms); undefined
   * otherwise (unknown, consumed, revoked or expired). Atomic: of any number of concurrent calls
   * for one hash, at most one answers the record.
   */
  consume(hash: string, now: number): Promise<QrTokenRecord | undefined>;
  /** Ends every outstanding token of a user (password changed, revoked by an admin, user deleted); answers how many there were. */
  revokeUser(userId: string): Promise<number>;
  close(): Promise<void>;
}

/** The shape of a token hash: SHA-256 as 64 lowercase hex digits. */
export const QR_TOKEN_HASH = /^[0-9a-f]{64}$/;
