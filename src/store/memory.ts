/**
 * @module In-process store: Maps, for tests and throwaway runs. Nothing survives a restart, so
 * nothing is at rest: records are kept plain unless a test gives a sealing codec (memory-tables.ts).
 */
import type { Mac } from '../domain/mac.js';
import { DEFAULT_NETWORK, type Network } from '../domain/network.js';
import { withoutLineOf, type Phone, type PhoneSighting } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { userNameKey } from '../domain/user-name.js';
import { ProvError } from '../errors.js';
import type { RecordTypes } from '../secrets/fields.js';
import { PLAIN_CODEC, type RecordCodec, type RecordKind } from './codec.js';
import { createEmitter } from './emitter.js';
import { IDEMPOTENCY_TTL_MS, replayOf, type IdempotencyClaim, type InsertOutcome, type StoredClaim } from './idempotency.js';
import { createMemoryRps } from './memory-rps.js';
import { createMemoryTables } from './memory-tables.js';
import { createMemoryTemplates } from './memory-templates.js';
import { assertSameId, TARGET, updateOptimistically } from './optimistic.js';
import { applyQuery, type ListQuery } from './query.js';
import { networkUpdateMovesUrls, phoneWriteMarks, rpsFieldsOf, stayingMarks } from './rps-records.js';
import type { Page, RecordChange, SealedStore, StoredPhone } from './types.js';

export interface MemoryStoreOptions {
  /** Seals and opens secret fields (default: kept plain). */
  readonly codec?: RecordCodec;
}

/** Creates an empty memory store. Records are cloned in and out, as a real backend would. */
export function createMemoryStore({ codec = PLAIN_CODEC }: MemoryStoreOptions = {}): SealedStore {
  const tables = createMemoryTables(codec);
  const { users, phones } = tables;
  const sightings = new Map<Mac, PhoneSighting>();
  let network: Network = DEFAULT_NETWORK;
  let epoch: string | undefined;
  const claims = new Map<string, StoredClaim & { readonly expires: number }>();
  const events = createEmitter();
  const rps = createMemoryRps(tables, (mac) => [...phones.values()].some((p) => p.mac === mac));
  const phonesOf = (userId: string) => [...phones.values()].filter((p) => p.user_id === userId);

  /** The replay of a known key, or undefined; forgets expired keys on the way. */
  const replay = (claim: IdempotencyClaim | undefined): InsertOutcome | undefined => {
    if (!claim) return undefined;
    const now = Date.now();
    for (const [k, c] of claims) if (c.expires <= now) claims.delete(k);
    const stored = claims.get(claim.key);
    return stored && replayOf(claim, stored);
  };
  const remember = (claim: IdempotencyClaim | undefined, id: string): InsertOutcome => {
    if (claim) claims.set(claim.key, { fingerprint: claim.fingerprint, id, expires: Date.now() + IDEMPOTENCY_TTL_MS });
    return { created: true, id };
  };

  /** A stored phone opened, with its sighting and its MAC's RPS outcome. */
  const withSighting = (stored: Phone): StoredPhone => {
    const p = { ...tables.open('phone', stored), ...rpsFieldsOf(rps.outcomeOf(stored.mac)) };
    const s = sightings.get(p.mac);
    return s ? { ...p, last_seen_at: s.at, last_seen_ip: s.ip, last_seen_user_agent: s.user_agent } : p;
  };
  const checkUser = (u: User) => {
    for (const other of users.values()) {
      if (other.id === u.id) continue;
      if (other.extension_number === u.extension_number) throw new ProvError('PROV_ERR_EXTENSION_TAKEN', [u.extension_number]);
      if (userNameKey(other.name) === userNameKey(u.name)) throw new ProvError('PROV_ERR_USER_NAME_TAKEN', [u.name]);
    }
  };
  const checkPhone = (p: Phone) => {
    if (!users.has(p.user_id)) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [p.user_id]);
    for (const l of p.lines ?? []) if (!users.has(l.user_id)) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [l.user_id]);
    for (const other of phones.values()) {
      if (other.id !== p.id && other.mac === p.mac) throw new ProvError('PROV_ERR_MAC_TAKEN', [p.mac]);
    }
  };

  /**
   * An atomic update of record `id` of `kind`: the stamp is the stored object itself (every write
   * stores a new clone), so a write that finds another object there lost the race.
   */
  const updateIn = <K extends Exclude<RecordKind, 'rps_account'>>(
    kind: K, id: string, change: RecordChange<RecordTypes[K]>, check: (next: RecordTypes[K]) => void, announce: (old: RecordTypes[K], next: RecordTypes[K]) => void
  ) =>
    updateOptimistically<RecordTypes[K], RecordTypes[K]>(
      {
        ...TARGET[kind](id),
        read: async () => {
          const stored = tables.get(kind, id);
          return stored && { record: tables.open(kind, stored), stamp: stored };
        },
        write: async (next, old) => {
          if (tables.get(kind, id) !== old) return false;
          assertSameId(id, next);
          check(next);
          tables.put(kind, next);
          announce(old, next);
          return true;
        },
      },
      change
    );

  return {
    kind: 'memory',
    async insertUser(user, claim) {
      const replayed = replay(claim);
      if (replayed) return replayed;
      checkUser(user);
      tables.put('user', user);
      events.emit({ kind: 'user', id: user.id });
      return remember(claim, user.id);
    },
    updateUser: (id, change) =>
      updateIn('user', id, change, checkUser, () => {
        rps.mark(stayingMarks(phonesOf(id))); // the folder token is in their URL
        events.emit({ kind: 'user', id });
      }),
    async deleteUser(id) {
      if (!users.has(id)) return undefined;
      tables.delete('user', id);
      const removed = phonesOf(id);
      for (const p of removed) tables.delete('phone', p.id);
      rps.mark(removed.flatMap((p) => phoneWriteMarks(p, undefined)));
      // The user's lines on other phones go in the same step (nothing rendered names a deleted user).
      const carrying = [...phones.values()].filter((p) => p.lines?.some((l) => l.user_id === id));
      for (const p of carrying) tables.put('phone', withoutLineOf(tables.open('phone', p), id));
      for (const p of [...removed, ...carrying]) events.emit({ kind: 'phone', id: p.id, mac: p.mac, user_id: p.user_id });
      events.emit({ kind: 'user', id });
      return removed.map((p) => tables.open('phone', p));
    },
    async getUser(id) {
      const u = users.get(id);
      return u && tables.open('user', u);
    },
    async getUserByToken(token) {
      const u = tables.userByToken(token);
      return u && tables.open('user', u);
    },
    async listUsers(query: ListQuery): Promise<Page<User>> {
      // Lists filter, search and order on plain fields only (as SQLite's list_doc does).
      const page = applyQuery(users.values(), query);
      return { count: page.count, items: page.items.map((u) => tables.open('user', u)) };
    },
    async insertPhone(phone, claim) {
      const replayed = replay(claim);
      if (replayed) return replayed;
      checkPhone(phone);
      tables.put('phone', phone);
      rps.mark(phoneWriteMarks(undefined, phone));
      events.emit({ kind: 'phone', id: phone.id, mac: phone.mac, user_id: phone.user_id });
      return remember(claim, phone.id);
    },
    updatePhone: (id, change) =>
      updateIn('phone', id, change, checkPhone, (old, next) => {
        rps.mark(phoneWriteMarks(old, next));
        if (old.mac !== next.mac) events.emit({ kind: 'phone', id, mac: old.mac, user_id: old.user_id });
        events.emit({ kind: 'phone', id, mac: next.mac, user_id: next.user_id });
      }),
    async deletePhone(id) {
      const p = phones.get(id);
      if (!p) return undefined;
      tables.delete('phone', id);
      rps.mark(phoneWriteMarks(p, undefined));
      events.emit({ kind: 'phone', id, mac: p.mac, user_id: p.user_id });
      return tables.open('phone', p);
    },
    async getPhone(id) {
      const p = phones.get(id);
      return p && withSighting(p);
    },
    async getPhoneByMac(mac) {
      for (const p of phones.values()) if (p.mac === mac) return withSighting(p);
      return undefined;
    },
    async listPhones(query, userId) {
      const all = [...phones.values()].filter((p) => userId === undefined || p.user_id === userId).map(withSighting);
      return applyQuery(all, query);
    },
    async phoneMacsOfUser(userId) {
      return [...phones.values()].filter((p) => p.user_id === userId).map((p) => p.mac);
    },
    async lineMacsOfUser(userId) {
      return [...phones.values()].filter((p) => p.lines?.some((l) => l.user_id === userId)).map((p) => p.mac);
    },
    async recordSighting(mac, sighting) {
      sightings.set(mac, { ...sighting });
    },
    async getNetwork() {
      return clone(network);
    },
    async putNetwork(next) {
      network = clone(next);
      rps.mark(stayingMarks(phones.values())); // host and ports are in every URL
      events.emit({ kind: 'network' });
    },
    updateNetwork: (change) =>
      updateOptimistically(
        {
          ...TARGET.network(),
          read: async () => stamped(network),
          write: async (next, stamp) => {
            if (network !== stamp) return false;
            const moves = networkUpdateMovesUrls(JSON.stringify(network), next);
            network = clone(next);
            if (moves) rps.mark(stayingMarks(phones.values()));
            events.emit({ kind: 'network' });
            return true;
          },
        },
        change
      ),
    async claimEpoch(candidate) {
      const created = epoch === undefined;
      epoch ??= candidate;
      return { epoch, created };
    },
    async readEpoch() {
      return epoch;
    },
    ...rps.methods,
    ...createMemoryTemplates(events.emit),
    async announce(event) {
      events.emit({ ...event });
    },
    subscribe: events.subscribe,
    async close() {
      events.clear();
    },
    sealedRecords: tables.records,
  };
}

// --- internal ---

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The change sees a copy; the stamp is the stored object itself. */
function stamped<T>(stored: T | undefined): { record: T; stamp: T } | undefined {
  return stored === undefined ? undefined : { record: clone(stored), stamp: stored };
}
