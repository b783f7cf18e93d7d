/**
 * @module RecordCodec: the seam between the stores and secrets at rest. A store seals a record
 * before it writes it and opens what it reads; nothing else in a store changes. Only the secret
 * fields (fields.ts) are sealed, each on its own, so the document stays plain JSON the stores
 * filter, sort and search as before.
 */
import { createHmac } from 'node:crypto';
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { ProvError } from '../errors.js';
import { INDEXED_FIELD, SECRET_FIELDS, sealedValueAad, type RecordKind, type RecordTypes } from './fields.js';
import type { Keyring, SecretKey } from './keyring.js';
import { createIvSource, openSealed, parseSealed, sealedKeyId, sealValue } from './seal.js';

/** A record sealed for storage and the index entry to write in the same write. */
export interface SealedRecord<T> {
  /** The record to store: secret fields replaced by sealed strings, every other field as given. */
  readonly doc: T;
  /**
   * What the store indexes instead of the record's looked-up field (users: the folder token),
   * computed under the same key as `doc`; undefined for kinds without one (phones).
   */
  readonly tokenKey: string | undefined;
}

/**
 * How a store keeps secrets at rest. Contract for every store (memory, sqlite, redis):
 * - every write of a user or phone stores `seal*(record).doc`, never the record itself; a user's
 *   folder-token index holds `sealUser(user).tokenKey` (never the token), written in the same
 *   atomic write as the doc;
 * - every read passes the stored doc through `open*` before answering it;
 * - `getUserByToken(token)` looks up each of `tokenLookupKeys(token)` in order, first hit wins
 *   (one indexed lookup per key held; one outside a rotation);
 * - seal takes a plain record (as the API builds it) and always seals, even a value that looks
 *   sealed (a password may be any string); open takes a stored doc and answers a plain copy.
 *
 * Opening a value that is not sealed (written before secrets were sealed) answers it as is, so a
 * store migrates by re-sealing each record where `needsReseal` is true (see rotate.ts).
 *
 * open* throws ProvError PROV_ERR_SECRET_KEY_UNKNOWN when a value names a key the key file does
 * not hold (after one re-read of the file), PROV_ERR_STORE_CORRUPT when a value does not
 * authenticate (altered, or moved to another record or field).
 */
export interface RecordCodec {
  /** false for the identity codec: records are stored as given. */
  readonly sealing: boolean;
  /** Seals the secret fields of `record` under the current key. */
  seal<K extends RecordKind>(kind: K, record: RecordTypes[K]): SealedRecord<RecordTypes[K]>;
  /** Opens the secret fields of a stored doc; extra fields (e.g. a phone's sightings) are kept. */
  open<K extends RecordKind, T extends RecordTypes[K]>(kind: K, doc: T): T;
  /** `seal('user', user)`; `tokenKey` is the folder-token index entry. */
  sealUser(user: User): { readonly doc: User; readonly tokenKey: string };
  openUser<T extends User>(doc: T): T;
  /** `seal('phone', phone).doc`: phones have no index entry. */
  sealPhone<T extends Phone>(phone: T): T;
  openPhone<T extends Phone>(doc: T): T;
  /** The index entry of a folder token under the current key (what `sealUser` answers as `tokenKey`). */
  tokenIndexKey(token: string): string;
  /** The index entries to look a folder token up by: one per key held, current key first. */
  tokenLookupKeys(token: string): string[];
  /** True when a stored doc has a secret that is plain or sealed under another key than the current. */
  needsReseal(kind: RecordKind, doc: object): boolean;
  /** The key ids a stored doc's sealed values name (for retiring keys no record uses). */
  keyIds(kind: RecordKind, doc: object): string[];
}

/** The codec sealing with `keyring`'s keys. */
export function createRecordCodec(keyring: Keyring): RecordCodec {
  const nextIv = createIvSource();
  const hash = (key: SecretKey, token: string) => createHmac('sha256', key.indexKey).update(token, 'utf8').digest('base64url');

  function seal<K extends RecordKind>(kind: K, record: RecordTypes[K]): SealedRecord<RecordTypes[K]> {
    const key = keyring.current();
    const doc: Record<string, unknown> = { ...record };
    for (const field of fieldsOf(kind)) {
      const value = doc[field];
      if (typeof value === 'string') doc[field] = sealValue(value, key.sealKey, key.id, sealedValueAad(kind, record.id, field), nextIv());
    }
    const plain = indexedValue(kind, record);
    return { doc: doc as unknown as RecordTypes[K], tokenKey: plain === undefined ? undefined : hash(key, plain) };
  }

  function open<K extends RecordKind, T extends RecordTypes[K]>(kind: K, stored: T): T {
    const doc: Record<string, unknown> = { ...stored };
    for (const field of fieldsOf(kind)) {
      const value = doc[field];
      const parts = typeof value === 'string' ? parseSealed(value) : undefined;
      if (!parts) continue; // absent, or plain (written before sealing): answered as is
      const key = keyring.find(parts.keyId);
      if (!key) throw new ProvError('PROV_ERR_SECRET_KEY_UNKNOWN', [parts.keyId, keyring.source]);
      const plain = openSealed(parts, key.sealKey, sealedValueAad(kind, stored.id, field));
      if (plain === undefined) {
        throw new ProvError('PROV_ERR_STORE_CORRUPT', [`${kind} ${stored.id}: ${field} does not open under key ${parts.keyId} (altered, or moved from another record or field)`]);
      }
      doc[field] = plain;
    }
    return doc as T;
  }

  return {
    sealing: true,
    seal,
    open,
    sealUser: (user) => seal('user', user) as { doc: User; tokenKey: string },
    openUser: (doc) => open('user', doc),
    sealPhone: (phone) => seal('phone', phone).doc as typeof phone,
    openPhone: (doc) => open('phone', doc),
    tokenIndexKey: (token) => hash(keyring.current(), token),
    tokenLookupKeys: (token) => keyring.all().map((key) => hash(key, token)),
    needsReseal(kind, doc) {
      const current = keyring.current().id;
      return secretValues(kind, doc).some((value) => sealedKeyId(value) !== current);
    },
    keyIds(kind, doc) {
      const ids = new Set<string>();
      for (const value of secretValues(kind, doc)) {
        const id = sealedKeyId(value);
        if (id !== undefined) ids.add(id);
      }
      return [...ids];
    },
  };
}

/**
 * Stores records as given: for tests that want plain records, and the memory store (nothing of it
 * is at rest). The folder-token index is the token itself, as before sealing existed.
 */
export const PLAIN_CODEC: RecordCodec = {
  sealing: false,
  seal: (kind, record) => ({ doc: record, tokenKey: indexedValue(kind, record) }),
  open: (_kind, doc) => doc,
  sealUser: (user) => ({ doc: user, tokenKey: user.provision_token }),
  openUser: (doc) => doc,
  sealPhone: (phone) => phone,
  openPhone: (doc) => doc,
  tokenIndexKey: (token) => token,
  tokenLookupKeys: (token) => [token],
  needsReseal: () => false,
  keyIds: () => [],
};

// --- internal ---

function fieldsOf(kind: RecordKind): readonly string[] {
  return SECRET_FIELDS[kind];
}

/** The string values of a doc's secret fields. */
function secretValues(kind: RecordKind, doc: object): string[] {
  const values: string[] = [];
  for (const field of fieldsOf(kind)) {
    const value = (doc as Record<string, unknown>)[field];
    if (typeof value === 'string') values.push(value);
  }
  return values;
}

function indexedValue(kind: RecordKind, record: object): string | undefined {
  const field = INDEXED_FIELD[kind];
  const value = field === undefined ? undefined : (record as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}
