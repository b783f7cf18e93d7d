/**
 * @module How the redis store's Lua scripts are made: the prelude every script starts with
 * (arguments, errors, the data-epoch fence, events, idempotency helpers). Key layout and the
 * scripts themselves: redis-scripts.ts, redis-index-scripts.ts.
 */

/** A script's source; redis-commands.ts runs it by EVALSHA and loads it on NOSCRIPT. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
}

const PRELUDE = `
local P = ARGV[1]
local FENCE = ARGV[2]
local function fail(code) return redis.error_reply('PROV:' .. code) end
-- A write on a store whose data-epoch marker is not the one this node claimed would land in lost
-- (or foreign) data: refused. FENCE is '' until the node has claimed an epoch.
local function fenced() return FENCE ~= '' and redis.call('GET', P .. 'epoch') ~= FENCE end
local function publish(event) redis.call('PUBLISH', P .. 'events', cjson.encode(event)) end
local function decode(doc)
  local ok, value = pcall(cjson.decode, doc)
  if ok and type(value) == 'table' then return value end
  return nil
end
-- A decoded phone's further lines (none when absent), and removing the phone from their users'
-- line-phones sets (redis-scripts.ts key layout).
local function lines_of(p)
  if type(p.lines) == 'table' then return p.lines end
  return {}
end
local function unindex_lines(id, p)
  for _, l in ipairs(lines_of(p)) do redis.call('SREM', P .. 'line-phones:' .. tostring(l.user_id), id) end
end
local function phone_event(id, mac, user_id) return { kind = 'phone', id = id, mac = mac, user_id = user_id } end
-- The token key a user is indexed under (idx:token-of); users written before it existed were
-- indexed by the token in their doc.
local function token_key_of(id, o)
  return redis.call('HGET', P .. 'idx:token-of', id) or tostring(o.provision_token)
end
-- Idempotent creates: a key stored already answers 'REPLAY:<id>' (same fingerprint) or fails;
-- nil lets the create go ahead. remember() stores the key with the create, for ttl ms.
local function replay(key, fingerprint)
  if key == '' then return nil end
  local stored = redis.call('GET', P .. 'idem:' .. key)
  if not stored then return nil end
  local s = decode(stored)
  if not s or s.fingerprint ~= fingerprint then return fail('IDEMPOTENCY_KEY_REUSED') end
  return 'REPLAY:' .. s.id
end
local function remember(key, fingerprint, id, ttl)
  if key ~= '' then redis.call('SET', P .. 'idem:' .. key, cjson.encode({ fingerprint = fingerprint, id = id }), 'PX', ttl) end
end
`;

/** A script: the prelude, then `body`. */
export function script(name: string, body: string): LuaScript {
  return { name, source: PRELUDE + body };
}
