/**
 * @module RecordCodec: the seam between the stores and secrets at rest. A store seals a record
 * before it writes it and opens what it reads; nothing else in a store changes. Only the secret
 * fields (fields.ts) are sealed, so the document stays plain JSON the stores filter, sort and
 * search as before. They are sealed together, as one value (format v2): the doc holds every other
 * field as given and, in `$sealed`, the JSON object of the record's secret fields. One value, not
 * one per field, because the cipher set-up dominates (~5 us per value): a phone's first fetch
 * opens its user and its phone, 2 set-ups instead of 7. Values sealed field by field (format v1,
 * written by the first sealing build) are still opened, and marked for re-sealing.
 */
import { createHmac } from 'node:crypto';
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { ProvError } from '../errors.js';
import { INDEXED_FIELD, isSecretField, SEALED_FIELD, SECRET_FIELDS, sealedRecordAad, sealedValueAad, type RecordKind, type RecordTypes } from './fields.js';
import type { Keyring, SecretKey } from './keyring.js';
import { createIvSource, openSealed, parseSealed, sealedKeyId, sealValue, type SealedParts } from './seal.js';

/** A record sealed for storage and the index entry to write in the same write. */
export interface SealedRecord<T> {
  /**
   * The record to store: every field that is not secret as given; the secret fields (those
   * present) replaced by one sealed value in `$sealed`, absent when the record has none.
   */
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
 * Opening a secret field that is not sealed (written before secrets were sealed) answers it as
 * is, and one sealed on its own (v1) opens; so a store migrates by re-sealing each record where
 * `needsReseal` is true (see rotate.ts).
 *
 * open* throws ProvError PROV_ERR_SECRET_KEY_UNKNOWN when a value names a key the key file does
 * not hold (after one re-read of the file), PROV_ERR_STORE_CORRUPT when a value does not
 * authenticate (altered, or moved to another record; a v1 value also to another field).
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
  /**
   * True when a stored doc is not as `seal` writes it now: a secret field in it (plain, or
   * sealed on its own, v1), or its sealed secrets under another key than the current.
   */
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
    // Copied field by field over Object.keys: several times faster than spread + delete or
    // Object.entries on a ~30-field record (measured, Node 20), and this is the phone path.
    const from = record as object as Record<string, unknown>;
    const doc: Record<string, unknown> = {};
    const secrets: Record<string, string> = {};
    let any = false;
    for (const name of Object.keys(from)) {
      const value = from[name];
      if (typeof value === 'string' && isSecretField(kind, name)) {
        secrets[name] = value;
        any = true;
      } else if (name !== SEALED_FIELD) doc[name] = value;
    }
    if (any) doc[SEALED_FIELD] = sealValue('v2', JSON.stringify(secrets), key.sealKey, key.id, sealedRecordAad(kind, record.id), nextIv());
    const plain = indexedValue(kind, record);
    return { doc: doc as unknown as RecordTypes[K], tokenKey: plain === undefined ? undefined : hash(key, plain) };
  }

  /** The plain text of `parts` under the key its id names. @throws as RecordCodec's open* says. */
  function unseal(parts: SealedParts, aad: string, what: () => string): string {
    const key = keyring.find(parts.keyId);
    if (!key) throw new ProvError('PROV_ERR_SECRET_KEY_UNKNOWN', [parts.keyId, keyring.source]);
    const plain = openSealed(parts, key.sealKey, aad);
    if (plain === undefined) throw new ProvError('PROV_ERR_STORE_CORRUPT', [`${what()} does not open under key ${parts.keyId} (altered, or moved from another record or field)`]);
    return plain;
  }

  /** The secret fields a record's `$sealed` value holds (v2). */
  function openSecrets(kind: RecordKind, id: string, sealed: unknown): Record<string, unknown> {
    const parts = typeof sealed === 'string' ? parseSealed(sealed) : undefined;
    if (parts?.format !== 'v2') throw new ProvError('PROV_ERR_STORE_CORRUPT', [`${kind} ${id}: ${SEALED_FIELD} is not a sealed value`]);
    // Authenticated, so written by seal: a JSON object of secret fields with string values.
    return JSON.parse(unseal(parts, sealedRecordAad(kind, id), () => `${kind} ${id}: ${SEALED_FIELD}`)) as Record<string, unknown>;
  }

  /** A secret field as stored: plain (written before sealing) as it is, sealed on its own (v1) opened. */
  function openField(kind: RecordKind, id: string, field: string, value: string): string {
    const parts = parseSealed(value);
    return parts?.format === 'v1' ? unseal(parts, sealedValueAad(kind, id, field), () => `${kind} ${id}: ${field}`) : value;
  }

  function open<K extends RecordKind, T extends RecordTypes[K]>(kind: K, stored: T): T {
    const from = stored as object as Record<string, unknown>;
    const doc: Record<string, unknown> = {};
    let secrets: Record<string, unknown> | undefined;
    for (const name of Object.keys(from)) {
      const value = from[name];
      if (name === SEALED_FIELD) secrets = openSecrets(kind, stored.id, value);
      else doc[name] = typeof value === 'string' && isSecretField(kind, name) ? openField(kind, stored.id, name, value) : value;
    }
    // The sealed value wins over a secret field beside it (seal never writes both).
    if (secrets) for (const field of Object.keys(secrets)) if (typeof secrets[field] === 'string' && isSecretField(kind, field)) doc[field] = secrets[field];
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
      if (secretValues(kind, doc).length > 0) return true; // plain, or sealed field by field (v1)
      const sealed = (doc as Record<string, unknown>)[SEALED_FIELD];
      return sealed !== undefined && (typeof sealed !== 'string' || sealedKeyId(sealed, 'v2') !== keyring.current().id);
    },
    keyIds(kind, doc) {
      const sealed = (doc as Record<string, unknown>)[SEALED_FIELD];
      const ids = new Set(typeof sealed === 'string' ? [sealedKeyId(sealed, 'v2')] : []);
      for (const value of secretValues(kind, doc)) ids.add(sealedKeyId(value, 'v1'));
      ids.delete(undefined);
      return [...ids] as string[];
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

/** The string values of a doc's secret fields. */
function secretValues(kind: RecordKind, doc: object): string[] {
  const values: string[] = [];
  for (const field of SECRET_FIELDS[kind]) {
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
