/**
 * @module The redis store's Lua scripts that read records through an index, and that fill or
 * rebuild indexes (key layout: redis-scripts.ts).
 */
import { script } from './redis-lua.js';

/**
 * ARGV: P, fence, 'id'|'mac', value. Answers nil or { doc, at, ip, user_agent, status, message,
 * updated_at }: the sighting and the MAC's RPS outcome (parts nil when there is none).
 */
export const READ_PHONE = script('read_phone', `
local id = ARGV[4]
if ARGV[3] == 'mac' then
  id = redis.call('HGET', P .. 'idx:mac', ARGV[4])
  if not id then return false end
end
local doc = redis.call('GET', P .. 'phone:' .. id)
if not doc then return false end
local p = decode(doc)
if not p or type(p.mac) ~= 'string' then return { doc } end
local s = redis.call('HMGET', P .. 'sighting:' .. p.mac, 'at', 'ip', 'user_agent')
local r = redis.call('HMGET', P .. 'rps:outcome:' .. p.mac, 'status', 'message', 'updated_at')
return { doc, s[1], s[2], s[3], r[1], r[2], r[3] }
`);

/**
 * ARGV: P, fence, then the token's index keys (RecordCodec.tokenLookupKeys: one per key held,
 * current first). Answers the doc of the user the first of them indexes, or nil.
 */
export const READ_USER_BY_TOKEN = script('read_user_by_token', `
for i = 3, #ARGV do
  local id = redis.call('HGET', P .. 'idx:token', ARGV[i])
  if id then return redis.call('GET', P .. 'user:' .. id) end
end
return false
`);

/**
 * Fills a creation-order index from data written before it existed. ARGV: P, fence, 'users'|'phones',
 * then id, score pairs (the caller reads created_at). Adds only ids whose record still exists, so
 * a record deleted meanwhile is not indexed again.
 */
export const INDEX_CREATED = script('index_created', `
local kind = ARGV[3]
local record = kind == 'users' and 'user:' or 'phone:'
local added = 0
for i = 4, #ARGV, 2 do
  if redis.call('EXISTS', P .. record .. ARGV[i]) == 1 then
    added = added + redis.call('ZADD', P .. 'created:' .. kind, ARGV[i + 1], ARGV[i])
  end
end
return added
`);

/**
 * Re-keys the name index (idx:name, idx:name-of) after the key function changed. ARGV: P, fence,
 * key version, then id, name key pairs computed by the caller. Users created meanwhile (not in the
 * pairs) keep their entries; a key another user holds already is made the user's own (key NUL id)
 * and reported. Answers the clashes as id, other id pairs; records the version in P meta:name-key.
 */
export const REKEY_NAMES = script('rekey_names', `
for i = 4, #ARGV, 2 do
  local old = redis.call('HGET', P .. 'idx:name-of', ARGV[i])
  if old and redis.call('HGET', P .. 'idx:name', old) == ARGV[i] then redis.call('HDEL', P .. 'idx:name', old) end
end
local clashes = {}
for i = 4, #ARGV, 2 do
  local id, key = ARGV[i], ARGV[i + 1]
  if redis.call('EXISTS', P .. 'user:' .. id) == 1 then
    local owner = redis.call('HGET', P .. 'idx:name', key)
    if owner and owner ~= id then
      clashes[#clashes + 1] = id
      clashes[#clashes + 1] = owner
      key = key .. '\\0' .. id
    end
    redis.call('HSET', P .. 'idx:name', key, id)
    redis.call('HSET', P .. 'idx:name-of', id, key)
  end
end
redis.call('SET', P .. 'meta:name-key', ARGV[3])
return clashes
`);
