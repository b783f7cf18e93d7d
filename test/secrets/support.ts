/**
 * @module Shared test support for secrets: an editable key source, a codec over it, an in-memory
 * SealedRecords, the sealed value of a stored doc, and records as the first sealing build stored them.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Phone } from '../../src/domain/phone.js';
import type { User } from '../../src/domain/user.js';
import { ProvError } from '../../src/errors.js';
import { createRecordCodec, type RecordCodec, type SealedRecord } from '../../src/secrets/codec.js';
import { SEALED_FIELD, type RecordKind } from '../../src/secrets/fields.js';
import { newKeyEntry, parseKeyFile, type KeyEntry } from '../../src/secrets/key-file.js';
import { createKeyring, type Keyring, type KeySource } from '../../src/secrets/keyring.js';
import type { SealedRecords } from '../../src/secrets/rotate.js';
import { collectingLogger } from '../certs/support.js';

/** The ProvError `work` throws (fails the test when it throws nothing or something else). */
export function provErrorOf(work: () => unknown): ProvError {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(ProvError);
    return err as ProvError;
  }
  throw new Error('expected a ProvError');
}

/** A key source over a list the test edits (as an operator edits the key file); counts reads. */
export function listSource(initial: KeyEntry[]) {
  const state = { entries: initial, reads: 0, broken: false };
  const source: KeySource = {
    name: 'test-keys',
    read() {
      state.reads++;
      if (state.broken) throw new ProvError('PROV_ERR_SECRET_KEY_INVALID', ['test-keys', 'line 3 is not "<id> <key>"']);
      return state.entries;
    },
  };
  const replace = (entries: KeyEntry[]) => {
    state.entries = entries;
  };
  return { source, state, replace };
}

/** A codec over `entries` (default: one new key) and the keyring and key list behind it. */
export function testCodec(entries: KeyEntry[] = [newKeyEntry()]): { codec: RecordCodec; keyring: Keyring; keys: ReturnType<typeof listSource> } {
  const keys = listSource(entries);
  const keyring = createKeyring(keys.source, { logger: collectingLogger().logger });
  return { codec: createRecordCodec(keyring), keyring, keys };
}

/** The one sealed value a stored doc holds its secrets in (`$sealed`); fails the test when there is none. */
export function sealedOf(doc: object): string {
  const value = (doc as Record<string, unknown>)[SEALED_FIELD];
  expect(value, SEALED_FIELD).toEqual(expect.any(String));
  return value as string;
}

/** `value` with one character of its ciphertext changed (the last base64url character is left: it may carry padding bits). */
export function altered(value: string): string {
  return value.slice(0, -2) + (value.at(-2) === 'A' ? 'B' : 'A') + value.at(-1);
}

/** How many sealed values (`$enc$...`) a stored doc holds, any format. */
export function sealedValueCount(doc: object | string): number {
  return (typeof doc === 'string' ? doc : JSON.stringify(doc)).match(/\$enc\$v\d+\$/g)?.length ?? 0;
}

/** A user and its phone as the first sealing build stored them (secret fields sealed one by one, `$enc$v1$`), with the key that sealed them. */
export interface V1Records {
  readonly key: KeyEntry;
  readonly user: User;
  readonly userDoc: User;
  readonly phone: Phone;
  readonly phoneDoc: Phone;
}

/** test/fixtures/secrets/v1-records.json: written by that build's codec, not by this one. */
export function v1Records(): V1Records {
  const file = new URL('../fixtures/secrets/v1-records.json', import.meta.url);
  const data = JSON.parse(readFileSync(file, 'utf8')) as Omit<V1Records, 'key'> & { key: string };
  return { ...data, key: parseKeyFile(data.key, 'v1-records.json')[0]! };
}

type Stored = { doc: object; version: number; tokenKey: string | undefined };

/**
 * SealedRecords over two in-memory tables, with a version per record as the contract asks: a
 * visitor's answer is written only if the record did not change since it was read, else the
 * record is read and visited again. `duringVisit` runs between the read and the write (a
 * server writing at that moment).
 */
export function memoryRecords() {
  const tables: Record<RecordKind, Map<string, Stored>> = { user: new Map(), phone: new Map(), rps_account: new Map() };
  const hooks: { duringVisit?: (kind: RecordKind, id: string) => void } = {};
  const records: SealedRecords = {
    async forEachRecord(kind, visit) {
      for (const id of [...tables[kind].keys()]) {
        for (;;) {
          const read = tables[kind].get(id);
          if (!read) break;
          const answer = visit(read.doc as never);
          hooks.duringVisit?.(kind, id);
          if (!answer) break;
          if (tables[kind].get(id)?.version !== read.version) continue;
          tables[kind].set(id, { doc: answer.doc, version: read.version + 1, tokenKey: answer.tokenKey });
          break;
        }
        await Promise.resolve(); // a real store answers asynchronously
      }
    },
  };
  /** A server's write of a record it sealed. */
  const write = (kind: RecordKind, sealed: SealedRecord<{ id: string }>) => {
    const version = (tables[kind].get(sealed.doc.id)?.version ?? 0) + 1;
    tables[kind].set(sealed.doc.id, { doc: sealed.doc, version, tokenKey: sealed.tokenKey });
  };
  /** getUserByToken as a store does it: each lookup key in order, first hit wins. */
  const userByToken = (lookupKeys: string[]) => {
    for (const key of lookupKeys) for (const s of tables.user.values()) if (s.tokenKey === key) return s.doc as User;
    return undefined;
  };
  return { records, tables, hooks, write, userByToken };
}
