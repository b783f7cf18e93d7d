/**
 * @module QR token store on Redis (shared by every node): `<prefix>qr:t:<hash>` holds the record
 * (JSON) and expires with it (PX), `<prefix>qr:u:<user_id>` the set of the user's hashes for
 * revocation. Consume and revoke are Lua scripts, so a token is answered at most once whatever
 * the number of nodes asking at the same moment.
 */
import type { Redis } from 'ioredis';
import { closeConnection } from './redis-events.js';
import { redisCall } from './redis-errors.js';
import { connectRedis } from './redis.js';
import type { QrTokenRecord, QrTokenStore } from './qr-types.js';

export interface RedisQrTokenStoreOptions {
  readonly url: string;
  /** The store's key prefix (PROV_REDIS_PREFIX). */
  readonly prefix: string;
  /** A connection to use instead of one made from `url`; it stays the caller's. */
  readonly client?: Redis;
  readonly onError?: (err: unknown) => void;
  readonly now?: () => number;
}

// KEYS: token key, user set key; ARGV: record JSON, ttl ms, hash. The set lives as long as its longest token.
const PUT = `redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return 1`;
// KEYS: token key; ARGV: user set prefix, hash. GET + DEL in one script: the single use.
const CONSUME = `local v = redis.call('GET', KEYS[1])
if not v then return false end
redis.call('DEL', KEYS[1])
local ok, r = pcall(cjson.decode, v)
if ok and type(r) == 'table' and r.user_id then redis.call('SREM', ARGV[1] .. r.user_id, ARGV[2]) end
return v`;
// KEYS: user set key; ARGV: token key prefix. Answers how many tokens were still there.
const REVOKE = `local n = 0
for _, h in ipairs(redis.call('SMEMBERS', KEYS[1])) do n = n + redis.call('DEL', ARGV[1] .. h) end
redis.call('DEL', KEYS[1])
return n`;

export function createRedisQrTokenStore(options: RedisQrTokenStoreOptions): QrTokenStore {
  const { prefix, client: injected, now = Date.now } = options;
  const client = injected ?? connectRedis(options.url);
  if (!injected) client.on('error', options.onError ?? (() => {}));
  const tokenKey = (hash: string) => `${prefix}qr:t:${hash}`;
  const userKey = (userId: string) => `${prefix}qr:u:${userId}`;
  const call = redisCall;
  return {
    async put(hash, record) {
      const ttl = Math.max(1, record.expires_at - now());
      await call(() => client.eval(PUT, 2, tokenKey(hash), userKey(record.user_id), JSON.stringify(record), String(ttl), hash));
    },
    async consume(hash, at) {
      const text = (await call(() => client.eval(CONSUME, 1, tokenKey(hash), `${prefix}qr:u:`, hash))) as string | null;
      if (text === null) return undefined;
      const r = JSON.parse(text) as QrTokenRecord;
      return r.expires_at > at ? { user_id: r.user_id, app: r.app, expires_at: r.expires_at } : undefined;
    },
    async revokeUser(userId) {
      return Number(await call(() => client.eval(REVOKE, 1, userKey(userId), `${prefix}qr:t:`)));
    },
    async close() {
      if (!injected) await closeConnection(client);
    },
  };
}
