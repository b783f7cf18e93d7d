/**
 * @module The memory store's users, phones and RPS accounts, kept in the form its codec gives them (plain with
 * the default PLAIN_CODEC: nothing of this store is at rest; sealed when a test asks, so the
 * reference backend also shows what sealing changes), with the folder-token index, and their
 * SealedRecords view for tests of rotation.
 */
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import type { RecordCodec, SealedRecord } from '../secrets/codec.js';
import type { RecordKind, RecordTypes } from '../secrets/fields.js';
import type { SealedRecords } from '../secrets/rotate.js';
import type { RpsAccountRecord } from './rps-types.js';

export interface MemoryTables {
  /** Stored records by id: secret fields as sealed. Read plain fields only; open() for the rest. */
  readonly users: ReadonlyMap<string, User>;
  readonly phones: ReadonlyMap<string, Phone>;
  /** RPS accounts by vendor. */
  readonly accounts: ReadonlyMap<string, RpsAccountRecord>;
  /** The stored record `id` of `kind` (the same object until it is written again). */
  get<K extends RecordKind>(kind: K, id: string): RecordTypes[K] | undefined;
  /** Stores `record` (sealed, cloned), replacing the record of its id and its index entry. */
  put<K extends RecordKind>(kind: K, record: RecordTypes[K]): void;
  /** A plain copy of a stored record. */
  open<K extends RecordKind>(kind: K, stored: RecordTypes[K]): RecordTypes[K];
  delete(kind: RecordKind, id: string): void;
  /** The stored user the token indexes: one lookup per key held, as the durable stores do. */
  userByToken(token: string): User | undefined;
  readonly records: SealedRecords;
}

export function createMemoryTables(codec: RecordCodec): MemoryTables {
  const users = new Map<string, User>();
  const phones = new Map<string, Phone>();
  const accounts = new Map<string, RpsAccountRecord>();
  const maps = { user: users, phone: phones, rps_account: accounts } as { readonly [K in RecordKind]: Map<string, RecordTypes[K]> };
  const tokens = new Map<string, string>(); // index entry -> user id
  const tokenOf = new Map<string, string>(); // user id -> its index entry

  const unindex = (id: string) => {
    const old = tokenOf.get(id);
    if (old !== undefined && tokens.get(old) === id) tokens.delete(old);
    tokenOf.delete(id);
  };
  const write = <K extends RecordKind>(kind: K, sealed: SealedRecord<RecordTypes[K]>) => {
    const id = sealed.doc.id;
    maps[kind].set(id, structuredClone(sealed.doc));
    if (kind !== 'user') return;
    unindex(id);
    tokens.set(sealed.tokenKey!, id);
    tokenOf.set(id, sealed.tokenKey!);
  };

  return {
    users,
    phones,
    accounts,
    get: (kind, id) => maps[kind].get(id),
    put: (kind, record) => write(kind, codec.seal(kind, record)),
    open: (kind, stored) => structuredClone(codec.open(kind, stored)),
    delete(kind, id) {
      maps[kind].delete(id);
      if (kind === 'user') unindex(id);
    },
    userByToken(token) {
      for (const key of codec.tokenLookupKeys(token)) {
        const id = tokens.get(key);
        if (id !== undefined) return users.get(id);
      }
      return undefined;
    },
    records: {
      async forEachRecord(kind, visit) {
        for (const id of [...maps[kind].keys()]) {
          const stored = maps[kind].get(id);
          // Visits are synchronous here, so nothing can change a record between its read and its write.
          const next = stored && visit(structuredClone(stored));
          if (next) write(kind, next);
          await Promise.resolve(); // let other calls in between, as a real store would
        }
      },
    },
  };
}
