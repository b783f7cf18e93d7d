/** @module Shared pieces of the store contract suite: the context, error and snapshot helpers, list fields. */
import { expect } from 'vitest';
import { parseMac } from '../../../src/domain/mac.js';
import { ProvError, type ErrorCode } from '../../../src/errors.js';
import { parseListQuery, type ListQuery, type QueryableFields } from '../../../src/store/query.js';
import type { Phone } from '../../../src/domain/phone.js';
import type { User } from '../../../src/domain/user.js';
import type { RecordCodec } from '../../../src/secrets/codec.js';
import type { Keyring } from '../../../src/secrets/keyring.js';
import type { SealedStore, Store } from '../../../src/store/types.js';
import { testCodec } from '../../secrets/support.js';

/** The store under test (a fresh one in every test). */
export interface ContractContext {
  readonly store: SealedStore;
  /** Set when the store seals secrets. */
  readonly sealing: SealingHarness | undefined;
}

/** A store's sealing codec and what the tests do with it. */
export interface SealingHarness {
  readonly codec: RecordCodec;
  readonly keyring: Keyring;
  /** The key list behind the keyring: a test edits it, then keyring.reload() (an operator's edit, then SIGHUP). */
  readonly keys: ReturnType<typeof testCodec>['keys'];
  /** What the backend holds at rest, raw; undefined for memory (nothing of it is at rest). */
  readonly rawBytes?: () => Promise<Buffer>;
}

/** A sealing harness over a new key, with `rawBytes` the backend's at-rest bytes. */
export function sealingHarness(rawBytes?: () => Promise<Buffer>): SealingHarness {
  return { ...testCodec(), rawBytes };
}

/** User fields the list tests query (the API's own lists may differ; the store must not care). */
export const USER_QUERY: QueryableFields = {
  fields: ['id', 'name', 'extension_number', 'enabled', 'enable_dnd', 'display_name', 'email', 'department', 'role', 'created_at'],
  search: ['name', 'extension_number', 'display_name', 'email'],
};

export const PHONE_QUERY: QueryableFields = {
  fields: ['id', 'user_id', 'mac', 'vendor', 'model', 'rps', 'rps_status', 'wan_port_id', 'serial_number', 'created_at', 'last_seen_at', 'last_seen_ip'],
  search: ['mac', 'vendor', 'model', 'serial_number'],
  normalise: (field, value) => (field === 'mac' && typeof value === 'string' ? (parseMac(value) ?? value) : value),
};

/** A parsed query over users (top 1000 unless given). */
export function userQuery(raw: Record<string, string> = {}): ListQuery {
  return parseListQuery({ top: '1000', ...raw }, USER_QUERY);
}

export function phoneQuery(raw: Record<string, string> = {}): ListQuery {
  return parseListQuery({ top: '1000', ...raw }, PHONE_QUERY);
}

/** Awaits `promise`, expecting a ProvError `code` whose message contains `arg` when given. */
export async function expectProvError(promise: Promise<unknown>, code: ErrorCode, arg?: string): Promise<ProvError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err, `expected a ProvError ${code}`).toBeInstanceOf(ProvError);
  const pe = err as ProvError;
  expect(pe.code).toBe(code);
  if (arg !== undefined) expect(pe.message).toContain(arg);
  return pe;
}

/** Everything a store holds that lists can show, to compare before and after a refused write. */
export async function snapshot(store: Store) {
  return {
    users: await store.listUsers(userQuery()),
    phones: await store.listPhones(phoneQuery()),
    network: await store.getNetwork(),
  };
}

/** Names of a page's users, in order. */
export function names(page: { items: readonly { name: string }[] }): string[] {
  return page.items.map((u) => u.name);
}

export function byId<T extends { id: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Replaces a user whatever it holds (an update whose change ignores the current record). */
export function replaceUser(store: Store, user: User): Promise<User> {
  return store.updateUser(user.id, () => user);
}

export function replacePhone(store: Store, phone: Phone): Promise<Phone> {
  return store.updatePhone(phone.id, () => phone);
}

/** A phone as a read answers it while its MAC has no RPS outcome (never had `rps: true`). */
export function readBack<T extends Phone>(phone: T): T & { rps_status: 'disabled'; rps_message: '' } {
  return { ...phone, rps_status: 'disabled', rps_message: '' };
}
