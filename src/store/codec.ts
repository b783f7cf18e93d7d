/**
 * @module The serialisation points of the stores: a user or phone to its stored form and back
 * through the RecordCodec of src/secrets (a record's secret fields sealed as one value, the
 * folder token indexed by a keyed hash). Every store takes that one codec; the network settings hold no
 * secret and are stored as plain JSON.
 */
import { PLAIN_CODEC, type RecordCodec } from '../secrets/codec.js';
import type { RecordKind, RecordTypes } from '../secrets/fields.js';
import { parseDoc } from './doc.js';

export { PLAIN_CODEC, type RecordCodec, type RecordKind };

/** A user or phone as a store writes it: `seal(record)` as JSON text, and the token index entry. */
export interface EncodedRecord<K extends RecordKind> {
  /** The sealed record (what `text` holds), for stores that keep copies of some of its fields. */
  readonly sealed: RecordTypes[K];
  readonly text: string;
  /** Users: the folder-token index entry, under the key that sealed `text`. Phones: undefined. */
  readonly tokenKey: string | undefined;
}

/** The stored form of `record`: sealed once, so the doc and its index entry share one key. */
export function encodeRecord<K extends RecordKind>(codec: RecordCodec, kind: K, record: RecordTypes[K]): EncodedRecord<K> {
  const { doc, tokenKey } = codec.seal(kind, record);
  return { sealed: doc, text: JSON.stringify(doc), tokenKey };
}

/**
 * A user or phone from its stored text (secret fields opened).
 * @throws ProvError PROV_ERR_STORE_CORRUPT naming `what` when the text is not a JSON object or a
 *   sealed value does not open; PROV_ERR_SECRET_KEY_UNKNOWN when it names a key not held.
 */
export function decodeRecord<T extends RecordTypes[RecordKind]>(codec: RecordCodec, kind: RecordKind, text: string, what: string): T {
  return codec.open(kind, parseDoc<T>(text, what));
}
