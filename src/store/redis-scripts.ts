/**
 * @module The Lua scripts of the redis store that write records. Each write checks everything first and writes
 * after, so a refused write changes nothing (Redis does not roll a script back), and publishes
 * its StoreEvents from inside the script: an event goes out exactly when the change is applied.
 *
 * Every script gets the prefix P as ARGV[1] and the data epoch the node claimed (or '') as
 * ARGV[2]; writes are refused (DATA_LOST) when `P epoch` holds another value. Key layout under P
 * (the scripts build their keys from it, so on Redis Cluster the prefix must carry a hash tag,
 * e.g. `{provd}:`, to keep every key in one slot):
 *   P user:<id>, P phone:<id>     records (JSON, exactly as written by the server)
 *   P users, P phones             sets of all ids
 *   P user-phones:<user id>       set of the user's phone ids
 *   P line-phones:<user id>       set of the ids of other users' phones that carry the user on a
 *                                 further line (`lines` of the phone's doc, which stays the truth)
 *   P created:users, P created:phones   sorted sets of ids, score = created_at in epoch ms, so
 *                                 ZRANGE gives lists in their default order (created_at, id)
 *   P idx:ext, P idx:name, P idx:token, P idx:mac   hashes value -> id (name and token keys
 *                                 computed by the caller)
 *   P idx:name-of, P idx:token-of hashes user id -> its name key / token key (the caller computes
 *                                 them with rules Lua cannot redo: Unicode case folding, a codec)
 *   P sighting:<mac>              hash at, ip, user_agent
 *   P network                     the network settings (JSON)
 *   P epoch                       the data-epoch marker: a random id written at the first start
 *   P meta:name-key               the version of the name key function idx:name was built with
 *   P idem:<key>                  an Idempotency-Key: { fingerprint, id } (JSON), expires after 24 h
 *   P events                      the pub/sub channel of StoreEvents (JSON)
 *   P rps:..., P rps_account...   the RPS outbox, outcomes and accounts (redis-rps-lua.ts); the
 *                                 phone, user and network scripts mark it as they write
 *   P tpl:<vendor>/<file>, P tpl:files   template versions and the edited files (redis-templates.ts)
 * Errors are replies `PROV:<CODE>`; redis.ts maps them to ProvErrors.
 */

import { script } from './redis-lua.js';
import { RPS_MARKS_LUA } from './redis-rps-lua.js';

/**
 * ARGV: P, fence, 'insert'|'update', id, doc, extension, name key, token key, created_at ms, now
 * ms, now ISO, then for 'update' the stored doc the change was computed from, for 'insert' the
 * idempotency key ('' = none), fingerprint and ttl ms. Answers 'OK', 'REPLAY:<id>' (a create
 * already made under the key), or 'CONFLICT' (nothing written) when an update finds another doc
 * stored. An update marks the user's rps phones (the folder token is in their URL).
 */
export const WRITE_USER = script('write_user', RPS_MARKS_LUA + `
if fenced() then return fail('DATA_LOST') end
local mode, id, doc, ext, name_key, token, created, now, now_iso = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local expected = ARGV[12]
local idem, fingerprint, ttl = ARGV[12], ARGV[13], ARGV[14]
if mode == 'insert' then
  local replayed = replay(idem, fingerprint)
  if replayed then return replayed end
end
local key = P .. 'user:' .. id
local old = redis.call('GET', key)
if mode == 'insert' and old then return fail('ID_TAKEN') end
if mode == 'update' then
  if not old then return fail('USER_NOT_FOUND') end
  if old ~= expected then return 'CONFLICT' end
end
local function taken(index, value)
  local owner = redis.call('HGET', P .. index, value)
  return owner and owner ~= id
end
if taken('idx:ext', ext) then return fail('EXTENSION_TAKEN') end
if taken('idx:name', name_key) then return fail('USER_NAME_TAKEN') end
if taken('idx:token', token) then return fail('TOKEN_TAKEN') end
local o = old and decode(old)
if old and not o then return fail('CORRUPT') end
if o then
  redis.call('HDEL', P .. 'idx:ext', tostring(o.extension_number))
  redis.call('HDEL', P .. 'idx:token', token_key_of(id, o))
  local old_key = redis.call('HGET', P .. 'idx:name-of', id)
  if old_key then redis.call('HDEL', P .. 'idx:name', old_key) end
end
redis.call('SET', key, doc)
redis.call('SADD', P .. 'users', id)
redis.call('ZADD', P .. 'created:users', created, id)
redis.call('HSET', P .. 'idx:ext', ext, id)
redis.call('HSET', P .. 'idx:name', name_key, id)
redis.call('HSET', P .. 'idx:name-of', id, name_key)
redis.call('HSET', P .. 'idx:token', token, id)
redis.call('HSET', P .. 'idx:token-of', id, token)
if mode == 'insert' then remember(idem, fingerprint, id, ttl) end
if mode == 'update' then
  for _, pid in ipairs(redis.call('SMEMBERS', P .. 'user-phones:' .. id)) do
    local p = decode(redis.call('GET', P .. 'phone:' .. pid) or '')
    if p and p.rps == true then rps_mark(p.mac, nil, now, now_iso) end
  end
end
publish({ kind = 'user', id = id })
return 'OK'
`);

/**
 * ARGV: P, fence, id, now ms, now ISO, n, then n triples (phone id, doc the caller read, that doc
 * without the user's line): the phones carrying the user on a further line, as the caller read
 * `line-phones:<id>`. Answers nil (no such user), 'CONFLICT' (nothing written) when that set
 * holds another phone or one of those docs changed since, or the deleted phones' docs, ordered by created_at, id. Marks
 * each rps phone's MAC with a release; publishes a phone event per phone deleted or rewritten.
 */
export const DELETE_USER = script('delete_user', RPS_MARKS_LUA + `
if fenced() then return fail('DATA_LOST') end
local id, now, now_iso, n = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local key = P .. 'user:' .. id
local old = redis.call('GET', key)
if not old then return false end
local o = decode(old)
if not o then return fail('CORRUPT') end
local carried = P .. 'line-phones:' .. id
local given = {}
for i = 0, n - 1 do
  local pid, seen = ARGV[7 + 3 * i], ARGV[8 + 3 * i]
  if redis.call('SISMEMBER', carried, pid) == 0 or redis.call('GET', P .. 'phone:' .. pid) ~= seen then return 'CONFLICT' end
  given[pid] = true
end
-- Every member with a phone must have been given (a member without one is a leftover: dropped).
for _, pid in ipairs(redis.call('SMEMBERS', carried)) do
  if not given[pid] and redis.call('EXISTS', P .. 'phone:' .. pid) == 1 then return 'CONFLICT' end
end
local rewritten = {}
for i = 0, n - 1 do
  local pid, doc = ARGV[7 + 3 * i], ARGV[9 + 3 * i]
  local p = decode(doc)
  if not p then return fail('CORRUPT') end
  redis.call('SET', P .. 'phone:' .. pid, doc)
  rewritten[#rewritten + 1] = phone_event(pid, p.mac, p.user_id)
end
local set = P .. 'user-phones:' .. id
local phones = {}
for _, pid in ipairs(redis.call('SMEMBERS', set)) do
  local doc = redis.call('GET', P .. 'phone:' .. pid)
  if doc then
    local p = decode(doc)
    if not p then return fail('CORRUPT') end
    phones[#phones + 1] = { id = pid, mac = p.mac, created_at = tostring(p.created_at), doc = doc, p = p }
  end
end
table.sort(phones, function(a, b)
  if a.created_at ~= b.created_at then return a.created_at < b.created_at end
  return a.id < b.id
end)
local docs = {}
for i, p in ipairs(phones) do
  if redis.call('HGET', P .. 'idx:mac', p.mac) == p.id then redis.call('HDEL', P .. 'idx:mac', p.mac) end
  redis.call('DEL', P .. 'phone:' .. p.id)
  redis.call('SREM', P .. 'phones', p.id)
  redis.call('ZREM', P .. 'created:phones', p.id)
  unindex_lines(p.id, p.p)
  rps_phone_write(p.p, nil, now, now_iso)
  docs[i] = p.doc
end
redis.call('DEL', key, set, carried)
redis.call('SREM', P .. 'users', id)
redis.call('ZREM', P .. 'created:users', id)
redis.call('HDEL', P .. 'idx:ext', tostring(o.extension_number))
redis.call('HDEL', P .. 'idx:token', token_key_of(id, o))
redis.call('HDEL', P .. 'idx:token-of', id)
local name_key = redis.call('HGET', P .. 'idx:name-of', id)
if name_key then redis.call('HDEL', P .. 'idx:name', name_key) end
redis.call('HDEL', P .. 'idx:name-of', id)
for _, p in ipairs(phones) do publish(phone_event(p.id, p.mac, id)) end
for _, e in ipairs(rewritten) do publish(e) end
publish({ kind = 'user', id = id })
return docs
`);

/**
 * ARGV: P, fence, 'insert'|'update', id, doc, mac, user_id, created_at ms, now ms, now ISO, then
 * the expected doc (update) or idempotency key, fingerprint, ttl ms (insert). Answers as
 * WRITE_USER. Marks the RPS outbox by the rules of rps_phone_write.
 */
export const WRITE_PHONE = script('write_phone', RPS_MARKS_LUA + `
if fenced() then return fail('DATA_LOST') end
local mode, id, doc, mac, user_id, created, now, now_iso = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local expected = ARGV[11]
local idem, fingerprint, ttl = ARGV[11], ARGV[12], ARGV[13]
if mode == 'insert' then
  local replayed = replay(idem, fingerprint)
  if replayed then return replayed end
end
local key = P .. 'phone:' .. id
local old = redis.call('GET', key)
if mode == 'insert' and old then return fail('ID_TAKEN') end
if mode == 'update' then
  if not old then return fail('PHONE_NOT_FOUND') end
  if old ~= expected then return 'CONFLICT' end
end
if redis.call('EXISTS', P .. 'user:' .. user_id) == 0 then return fail('USER_NOT_FOUND') end
local n = decode(doc)
if not n then return fail('CORRUPT') end
for _, l in ipairs(lines_of(n)) do
  if redis.call('EXISTS', P .. 'user:' .. tostring(l.user_id)) == 0 then return fail('LINE_USER_NOT_FOUND:' .. tostring(l.user_id)) end
end
local owner = redis.call('HGET', P .. 'idx:mac', mac)
if owner and owner ~= id then return fail('MAC_TAKEN') end
local o = old and decode(old)
if old and not o then return fail('CORRUPT') end
if o and o.mac ~= mac then redis.call('HDEL', P .. 'idx:mac', o.mac) end
if o and o.user_id ~= user_id then redis.call('SREM', P .. 'user-phones:' .. o.user_id, id) end
redis.call('SET', key, doc)
redis.call('SADD', P .. 'phones', id)
redis.call('ZADD', P .. 'created:phones', created, id)
redis.call('SADD', P .. 'user-phones:' .. user_id, id)
redis.call('HSET', P .. 'idx:mac', mac, id)
if o then unindex_lines(id, o) end
for _, l in ipairs(lines_of(n)) do redis.call('SADD', P .. 'line-phones:' .. tostring(l.user_id), id) end
if mode == 'insert' then remember(idem, fingerprint, id, ttl) end
rps_phone_write(o, n, now, now_iso)
if o and o.mac ~= mac then publish(phone_event(id, o.mac, o.user_id)) end
publish(phone_event(id, mac, user_id))
return 'OK'
`);

/** ARGV: P, fence, id, now ms, now ISO. Answers the deleted phone's doc, or nil. Marks its MAC with a release when it had rps. */
export const DELETE_PHONE = script('delete_phone', RPS_MARKS_LUA + `
if fenced() then return fail('DATA_LOST') end
local id, now, now_iso = ARGV[3], ARGV[4], ARGV[5]
local key = P .. 'phone:' .. id
local old = redis.call('GET', key)
if not old then return false end
local o = decode(old)
if not o then return fail('CORRUPT') end
if redis.call('HGET', P .. 'idx:mac', o.mac) == id then redis.call('HDEL', P .. 'idx:mac', o.mac) end
redis.call('SREM', P .. 'user-phones:' .. o.user_id, id)
redis.call('SREM', P .. 'phones', id)
redis.call('ZREM', P .. 'created:phones', id)
redis.call('DEL', key)
unindex_lines(id, o)
rps_phone_write(o, nil, now, now_iso)
publish(phone_event(id, o.mac, o.user_id))
return old
`);

/**
 * ARGV: P, fence, doc, now ms, now ISO, 'put'|'update', expected doc ('' = none stored) for
 * 'update'. Answers 'OK' or 'CONFLICT'. Marks every rps phone (host and ports are in their URL).
 */
export const PUT_NETWORK = script('put_network', RPS_MARKS_LUA + `
if fenced() then return fail('DATA_LOST') end
local now, now_iso = ARGV[4], ARGV[5]
if ARGV[6] == 'update' and (redis.call('GET', P .. 'network') or '') ~= ARGV[7] then return 'CONFLICT' end
redis.call('SET', P .. 'network', ARGV[3])
-- ARGV[8] '0': an update of the admin settings only (no URL changed, rps-records.ts).
if ARGV[8] ~= '0' then
  for _, mac in ipairs(redis.call('SMEMBERS', P .. 'rps:macs')) do rps_mark(mac, nil, now, now_iso) end
end
publish({ kind = 'network' })
return 'OK'
`);
