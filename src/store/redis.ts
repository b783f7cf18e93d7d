/**
 * @module The Redis store (ioredis): shared by a cluster of stateless nodes. Writes are Lua
 * scripts (redis-scripts.ts: checks and writes atomic, events published from the script); every
 * node hears every change on `<prefix>events` (redis-events.ts). Behaves exactly like memory.ts.
 */
import type { Mac } from '../domain/mac.js';
import { Redis } from 'ioredis';
import { DEFAULT_NETWORK, type Network } from '../domain/network.js';
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { decodeRecord, PLAIN_CODEC, type RecordCodec, type RecordKind } from './codec.js';
import { parseDoc } from './doc.js';
import { createEmitter } from './emitter.js';
import { assertSameId, TARGET, updateOptimistically } from './optimistic.js';
import { applyQuery, type ListQuery } from './query.js';
import { mapRedisError } from './redis-errors.js';
import { createNameKeys } from './redis-name-keys.js';
import { createRedisWrites } from './redis-writes.js';
import { deleteUserWithLines } from './redis-lines.js';
import { networkUpdateMovesUrls } from './rps-records.js';
import { closeConnection, createEventFeed } from './redis-events.js';
import { createRedisCommands } from './redis-commands.js';
import { createRedisRecords, createSealPass } from './redis-sealed.js';
import { createCreationOrder, isDefaultOrder } from './redis-order.js';
import * as indexScripts from './redis-index-scripts.js';
import * as recordScripts from './redis-scripts.js';
import { rpsFieldsOf } from './rps-records.js';
import { rpsClock } from './redis-rps-lua.js';
import { createRedisRps, outcomeOf } from './redis-rps.js';
import { createRedisTemplates } from './redis-templates.js';
import type { SealedStore, StoredPhone, StoreNotice } from './types.js';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). Ignored when `client` is given. */
  readonly url: string;
  /** Prefix of every key and of the events channel, e.g. `provd:`. */
  readonly prefix: string;
  /** A connection to use instead of one made from `url`; it stays the caller's (close() leaves it open). */
  readonly client?: Redis;
  /** Connection errors (ioredis reports them as events); default: ignored (calls fail on their own). */
  readonly onError?: (err: unknown) => void;
  /**
   * Seals and opens the secret fields of users and phones (default: stored plain). A sealing
   * codec re-seals what older versions stored plain at the first call (redis-sealed.ts).
   */
  readonly codec?: RecordCodec;
  /** What the store changed in stored data by itself (a rebuilt index), for the log. */
  readonly notice?: StoreNotice;
  /** Connect and command timeouts in ms (default 3000 and 5000). */
  readonly timeouts?: { readonly connectMs?: number; readonly commandMs?: number };
}

/**
 * Creates a redis store. Connects lazily (at the first call). A call fails with
 * PROV_ERR_STORE_UNAVAILABLE within seconds when Redis cannot be reached: one retry per
 * command, a 3 s connect timeout and a 5 s command timeout, instead of queueing forever.
 */
export function createRedisStore(options: RedisStoreOptions): SealedStore {
  const { url, prefix, client: injected, onError = () => {}, codec = PLAIN_CODEC, timeouts = {}, notice = () => {} } = options;
  const client = injected ?? connectRedis(url, timeouts);
  if (!injected) client.on('error', onError);
  const events = createEmitter(onError);
  const feed = createEventFeed(() => client.duplicate(), `${prefix}events`, events, onError);

  /**
   * Runs Redis work after any subscription being set up, the name index current and plain
   * records re-sealed, mapping failures to ProvErrors.
   */
  const call = async <T>(work: () => Promise<T>, ctx: Record<string, string> = {}): Promise<T> => {
    await feed.ready;
    try {
      await names.ready();
      await sealPass.ready();
      await rps.ready();
      return await work();
    } catch (err) {
      throw mapRedisError(err, ctx);
    }
  };
  /** The data epoch this node claimed ('' before): every write script checks it. */
  let fence = '';
  const cmd = createRedisCommands(client, prefix, () => fence);
  const { key, script, members, docs, sightings } = cmd;
  const { writeUser, writePhone } = createRedisWrites(cmd, call, codec);
  const decode = <T extends User | Phone>(kind: RecordKind, doc: string, what: string) => decodeRecord<T>(codec, kind, doc, what);
  const records = createRedisRecords(client, cmd, notice);
  const sealPass = createSealPass(client, cmd, records, codec, notice);
  const rps = createRedisRps(client, cmd, call, codec, notice);
  /** The record under `kind:id` with its stored text as the stamp of an update. */
  const stamped = async <T extends User | Phone>(kind: RecordKind, id: string) => {
    const doc = await call(() => client.get(key(kind, ':', id)));
    return doc === null ? undefined : { record: decode<T>(kind, doc, `${kind} ${id}`), stamp: doc };
  };
  const readPhone = async (mode: 'id' | 'mac', value: string): Promise<StoredPhone | undefined> => {
    const reply = (await call(() => script(indexScripts.READ_PHONE, mode, value))) as (string | null)[] | null;
    return reply ? storedPhone(decode<Phone>('phone', reply[0]!, `phone ${value}`), reply.slice(1, 4), reply.slice(4, 7)) : undefined;
  };

  const names = createNameKeys({
    get: (k) => client.get(key(k)),
    userIds: () => members(key('users')),
    userDocs: (ids) => client.mget(ids.map((id) => key('user:', id))),
    nameOf: (doc) => {
      try {
        const name = parseDoc<Partial<User>>(doc, 'user').name; // a plain field: nothing to open
        return typeof name === 'string' ? name : undefined;
      } catch {
        return undefined; // corrupt: reported when read, never indexed
      }
    },
    rekey: async (version, pairs) => (await script(indexScripts.REKEY_NAMES, version, ...pairs)) as string[],
    notice,
  });
  const byCreation = createCreationOrder({ client, key, members, index: (kind, pairs) => script(indexScripts.INDEX_CREATED, kind, ...pairs) });

  // A list in the default order without filter or search (the admin UI's first page) is read
  // from the creation-order index: ZRANGE + MGET of one page. Any other list reads every record
  // and filters in process with applyQuery() (as memory.ts does).
  return {
    kind: 'redis',
    insertUser: async (user, claim) => (await writeUser(user, undefined, claim))!,
    updateUser: (id, change) =>
      updateOptimistically(
        {
          ...TARGET.user(id),
          read: () => stamped<User>('user', id),
          write: async (next, stamp) => (assertSameId(id, next), (await writeUser(next, stamp)) !== undefined),
        },
        change
      ),
    async deleteUser(id) {
      const reply = await deleteUserWithLines(cmd, call, codec, id);
      return reply ? reply.map((d) => decode<Phone>('phone', d, `phone of user ${id}`)) : undefined;
    },
    async getUser(id) {
      const doc = await call(() => client.get(key('user:', id)));
      return doc === null ? undefined : decode<User>('user', doc, `user ${id}`);
    },
    async getUserByToken(token) {
      const doc = (await call(() => script(indexScripts.READ_USER_BY_TOKEN, ...codec.tokenLookupKeys(token)))) as string | null;
      return doc === null ? undefined : decode<User>('user', doc, 'user by token');
    },
    async listUsers(query: ListQuery) {
      const page = isDefaultOrder(query) ? await call(() => byCreation.page('users', query.skip, query.top)) : undefined;
      if (page) return { count: page.count, items: (await call(() => docs('user:', page.ids))).map((d) => decode<User>('user', d, 'user')) };
      const all = await call(async () => docs('user:', await members(key('users'))));
      return applyQuery(all.map((d) => decode<User>('user', d, 'user')), query);
    },
    insertPhone: async (phone, claim) => (await writePhone(phone, undefined, claim))!,
    updatePhone: (id, change) =>
      updateOptimistically(
        {
          ...TARGET.phone(id),
          read: () => stamped<Phone>('phone', id),
          write: async (next, stamp) => (assertSameId(id, next), (await writePhone(next, stamp)) !== undefined),
        },
        change
      ),
    async deletePhone(id) {
      const doc = (await call(() => script(recordScripts.DELETE_PHONE, id, ...rpsClock()))) as string | null;
      return doc === null ? undefined : decode<Phone>('phone', doc, `phone ${id}`);
    },
    getPhone: (id) => readPhone('id', id),
    getPhoneByMac: (mac) => readPhone('mac', mac),
    async listPhones(query, userId) {
      const page = userId === undefined && isDefaultOrder(query) ? await call(() => byCreation.page('phones', query.skip, query.top)) : undefined;
      const setKey = userId === undefined ? key('phones') : key('user-phones:', userId);
      const phones = await call(async () => {
        const all = (await docs('phone:', page ? page.ids : await members(setKey))).map((d) => decode<Phone>('phone', d, 'phone'));
        const macs = all.map((p) => p.mac);
        const [seen, outcomes] = await Promise.all([sightings(macs), cmd.hashes('rps:outcome:', macs, ['status', 'message', 'updated_at'])]);
        return all.map((p, i) => storedPhone(p, seen[i]!, outcomes[i]!));
      });
      return page ? { count: page.count, items: phones } : applyQuery(phones, query);
    },
    async phoneMacsOfUser(userId) {
      // The MAC is a plain field of the stored doc: no record is opened (unsealed) for it.
      const raw = await call(async () => docs('phone:', await members(key('user-phones:', userId))));
      return raw.map((d) => (JSON.parse(d) as { mac: Mac }).mac);
    },
    async lineMacsOfUser(userId) {
      const raw = await call(async () => docs('phone:', await members(key('line-phones:', userId))));
      return raw.map((d) => (JSON.parse(d) as { mac: Mac }).mac);
    },
    async recordSighting(mac, s) {
      await call(() => client.hset(key('sighting:', mac), { at: s.at, ip: s.ip, user_agent: s.user_agent }));
    },
    async getNetwork() {
      const doc = await call(() => client.get(key('network')));
      return doc === null ? structuredClone(DEFAULT_NETWORK) : parseDoc<Network>(doc, 'network');
    },
    async putNetwork(network) {
      await call(() => script(recordScripts.PUT_NETWORK, JSON.stringify(network), ...rpsClock(), 'put'));
    },
    updateNetwork: (change) =>
      updateOptimistically(
        {
          ...TARGET.network(),
          read: async () => {
            const doc = await call(() => client.get(key('network')));
            return { record: doc === null ? structuredClone(DEFAULT_NETWORK) : parseDoc<Network>(doc, 'network'), stamp: doc ?? '' };
          },
          write: async (next, stamp) =>
            (await call(() => script(recordScripts.PUT_NETWORK, JSON.stringify(next), ...rpsClock(), 'update', stamp, networkUpdateMovesUrls(stamp || null, next) ? '1' : '0'))) !== 'CONFLICT',
        },
        change
      ),
    async claimEpoch(candidate) {
      const created = (await call(() => client.set(key('epoch'), candidate, 'NX'))) === 'OK';
      const epoch = created ? candidate : await call(() => client.get(key('epoch')));
      if (epoch === null) return this.claimEpoch(candidate); // deleted in between: claim again
      fence = epoch;
      return { epoch, created };
    },
    async readEpoch() {
      return (await call(() => client.get(key('epoch')))) ?? undefined;
    },
    ...rps.methods,
    ...createRedisTemplates(client, cmd, call),
    async announce(event) {
      await call(() => client.publish(`${prefix}events`, JSON.stringify({ kind: 'firmware', vendor: event.vendor, model: event.model })));
    },
    subscribe(listener) {
      const off = events.subscribe(listener);
      void feed.start();
      return off;
    },
    async close() {
      events.clear();
      await feed.close();
      if (!injected) await closeConnection(client);
    },
    sealedRecords: { forEachRecord: (kind, visit) => call(() => records.forEachRecord(kind, visit)) },
  };
}

/**
 * A lazy connection with the store's failure rules: one retry per command, connect and command
 * timeouts (default 3 s and 5 s) instead of queueing forever. Also used by redis-qr.ts, so that
 * only this file makes ioredis connections.
 */
export function connectRedis(url: string, timeouts: RedisStoreOptions['timeouts'] = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: timeouts.connectMs ?? 3000,
    commandTimeout: timeouts.commandMs ?? 5000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
}

// --- internal ---

/**
 * The phone with its MAC's outcome as rps_* and its sighting as last_seen_* (only when it was
 * seen): `seen` is [at, ip, user_agent], `outcome` [status, message, updated_at] (nulls: none).
 */
function storedPhone(p: Phone, seen: readonly (string | null | undefined)[], outcome: readonly (string | null | undefined)[]): StoredPhone {
  const [status, message, updatedAt] = outcome;
  const read = { ...p, ...rpsFieldsOf(outcomeOf(status ?? null, message ?? null, updatedAt ?? null, null)) };
  const [at, ip, ua] = seen;
  return at == null ? read : { ...read, last_seen_at: at, last_seen_ip: ip ?? '', last_seen_user_agent: ua ?? '' };
}
