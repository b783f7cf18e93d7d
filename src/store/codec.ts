/**
 * @module The serialisation points of the durable stores: record -> stored text and back, and
 * the key a provisioning token is indexed under. Today plain JSON; a codec that seals secret
 * fields (and indexes tokens by a keyed hash) plugs in here without touching the backends.
 */
import { parseDoc } from './doc.js';

/** What a stored document is: one of the three record kinds. */
export type RecordKind = 'user' | 'phone' | 'network';

/**
 * Turns records into their stored form and back. `seal` MUST keep every top-level field that is
 * not secret as it is (SQLite lists filter on them, Redis scripts read `mac`, `user_id`,
 * `extension_number`, `created_at`); it may replace secret values. `open(seal(r))` MUST equal `r`.
 * Both are synchronous: they run inside SQLite transactions.
 */
export interface RecordCodec {
  seal(kind: RecordKind, record: object): object;
  open(kind: RecordKind, stored: Record<string, unknown>): object;
  /** The value a provisioning token is indexed (and looked up) by; MUST be deterministic. */
  tokenKey(token: string): string;
}

/** Records stored as they are (plain JSON), tokens indexed as they are. */
export const PLAIN_CODEC: RecordCodec = {
  seal: (_kind, record) => record,
  open: (_kind, stored) => stored,
  tokenKey: (token) => token,
};

/** The stored text of a record. */
export function encodeDoc(codec: RecordCodec, kind: RecordKind, record: object): string {
  return JSON.stringify(codec.seal(kind, record));
}

/**
 * A record from its stored text.
 * @throws ProvError PROV_ERR_STORE_CORRUPT naming `what` when the text is not a JSON object.
 */
export function decodeDoc<T>(codec: RecordCodec, kind: RecordKind, text: string, what: string): T {
  return codec.open(kind, parseDoc<Record<string, unknown>>(text, what)) as T;
}
