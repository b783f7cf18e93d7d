/**
 * @module The unknown-device table on Redis (shared by every node): `<prefix>unknown:d` hashes
 * MAC => entry (JSON), `<prefix>unknown:seen` orders MACs by last seen (for the bound),
 * `<prefix>unknown:rejected` is the set of rejected MACs. Record and reject are Lua scripts, so
 * concurrent nodes never lose a count or record a MAC being rejected.
 */
import type { Redis } from 'ioredis';
import { closeConnection } from './redis-events.js';
import { redisCall } from './redis-errors.js';
import { connectRedis } from './redis.js';
import { applyQuery } from './query.js';
import { MAX_UNKNOWN_PHONES, type UnknownPhone, type UnknownPhoneStore } from './unknown-types.js';

export interface RedisUnknownPhoneStoreOptions {
  readonly url: string;
  /** The store's key prefix (PROV_REDIS_PREFIX). */
  readonly prefix: string;
  /** A connection to use instead of one made from `url`; it stays the caller's. */
  readonly client?: Redis;
  readonly onError?: (err: unknown) => void;
  readonly maxEntries?: number;
}

// KEYS: entries, seen, rejected; ARGV: mac, sighting JSON (with `at`), seen score (ms), max entries.
const RECORD = `if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then return 0 end
local s = cjson.decode(ARGV[2])
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local r
if cur then
  r = cjson.decode(cur)
  r.count = r.count + 1
  if s.vendor ~= cjson.null then r.vendor = s.vendor end
  if s.model ~= cjson.null then r.model = s.model end
else
  local over = redis.call('HLEN', KEYS[1]) - tonumber(ARGV[4]) + 1
  if over > 0 then
    local old = redis.call('ZRANGE', KEYS[2], 0, over - 1)
    for _, m in ipairs(old) do redis.call('HDEL', KEYS[1], m) end
    redis.call('ZREM', KEYS[2], unpack(old))
  end
  r = { mac = s.mac, vendor = s.vendor, model = s.model, first_seen = s.at, count = 1 }
end
r.ip = s.ip
r.user_agent = s.user_agent
r.file = s.file
r.protocol = s.protocol
r.last_seen = s.at
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(r))
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1`;
// KEYS: entries, seen, rejected; ARGV: mac.
const REJECT = `redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`;

export function createRedisUnknownPhoneStore(options: RedisUnknownPhoneStoreOptions): UnknownPhoneStore {
  const { prefix, client: injected, maxEntries = MAX_UNKNOWN_PHONES } = options;
  const client = injected ?? connectRedis(options.url);
  if (!injected) client.on('error', options.onError ?? (() => {}));
  const keys = [`${prefix}unknown:d`, `${prefix}unknown:seen`, `${prefix}unknown:rejected`] as const;
  const call = redisCall;
  const parse = (text: string): UnknownPhone => JSON.parse(text) as UnknownPhone;
  return {
    async record(s) {
      await call(() => client.eval(RECORD, 3, ...keys, s.mac, JSON.stringify(s), String(Date.parse(s.at)), String(maxEntries)));
    },
    async list(query) {
      const all = await call(() => client.hvals(keys[0]));
      return applyQuery(all.map(parse), query);
    },
    async get(mac) {
      const text = await call(() => client.hget(keys[0], mac));
      return text === null ? undefined : parse(text);
    },
    async remove(mac) {
      const [[, removed]] = (await call(() => client.multi().hdel(keys[0], mac).zrem(keys[1], mac).exec())) as [[unknown, number]];
      return removed > 0;
    },
    async reject(mac) {
      await call(() => client.eval(REJECT, 3, ...keys, mac));
    },
    isRejected: async (mac) => (await call(() => client.sismember(keys[2], mac))) === 1,
    async close() {
      if (!injected) await closeConnection(client);
    },
  };
}
