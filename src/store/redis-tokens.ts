/**
 * @module API token store on Redis (shared by every node): `<prefix>tok:h:<hash>` holds the
 * record (JSON; a lookup is one GET), the hash `<prefix>tok:ids` the same record by id (list and
 * revoke). Records never change, so the two copies cannot drift; insert and remove are Lua
 * scripts, so both copies appear and go together.
 */
import type { Redis } from 'ioredis';
import { closeConnection } from './redis-events.js';
import { redisCall } from './redis-errors.js';
import { connectRedis } from './redis.js';
import { byCreation, type ApiTokenRecord, type ApiTokenStore } from './token-types.js';

export interface RedisApiTokenStoreOptions {
  readonly url: string;
  /** The store's key prefix (PROV_REDIS_PREFIX). */
  readonly prefix: string;
  /** A connection to use instead of one made from `url`; it stays the caller's. */
  readonly client?: Redis;
  readonly onError?: (err: unknown) => void;
}

// KEYS: hash key, ids hash; ARGV: id, record JSON. Refuses an existing id or hash.
const INSERT = `if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 or redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('PROV:TOKEN_TAKEN')
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`;
// KEYS: ids hash; ARGV: id, hash key prefix. Answers the removed record's JSON, or false.
const REMOVE = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
local ok, r = pcall(cjson.decode, v)
if ok and type(r) == 'table' and type(r.hash) == 'string' then redis.call('DEL', ARGV[2] .. r.hash) end
return v`;

export function createRedisApiTokenStore(options: RedisApiTokenStoreOptions): ApiTokenStore {
  const { prefix, client: injected } = options;
  const client = injected ?? connectRedis(options.url);
  if (!injected) client.on('error', options.onError ?? (() => {}));
  const hashPrefix = `${prefix}tok:h:`;
  const idsKey = `${prefix}tok:ids`;
  const call = redisCall;
  return {
    async insert(record) {
      await call(() => client.eval(INSERT, 2, hashPrefix + record.hash, idsKey, record.id, JSON.stringify(toJson(record))));
    },
    async findByHash(hash) {
      const text = await call(() => client.get(hashPrefix + hash));
      return text === null ? undefined : fromJson(text);
    },
    async list() {
      return (await call(() => client.hvals(idsKey))).map(fromJson).sort(byCreation);
    },
    async remove(id) {
      const text = (await call(() => client.eval(REMOVE, 1, idsKey, id, hashPrefix))) as string | null;
      return text === null ? undefined : fromJson(text);
    },
    async close() {
      if (!injected) await closeConnection(client);
    },
  };
}

// --- internal ---

/** A fixed key order, so both copies are the same bytes. */
function toJson(r: ApiTokenRecord): ApiTokenRecord {
  return { id: r.id, hash: r.hash, name: r.name, role: r.role, user_id: r.user_id, created_at: r.created_at };
}

function fromJson(text: string): ApiTokenRecord {
  return toJson(JSON.parse(text) as ApiTokenRecord);
}
