/**
 * @module The RPS marking rules in Lua (the same rules as rps-records.ts), prepended to the
 * redis store's scripts that write phones, users and the network settings, so a mark is part of
 * the script of its write: atomic with it, and absent when the write is refused (every script
 * checks before it writes). Keys under the prefix P (with the layout of redis-scripts.ts):
 *   P rps:job:<mac>      hash: generation, attempts, due_at, override ('1'/'0'), release (JSON,
 *                        absent when none), lease_owner and lease_until (absent when not leased)
 *   P rps:ready          sorted set of MACs with a job, score = when it may be leased next:
 *                        max(due_at, lease_until), so a lease is one ZRANGEBYSCORE up to now
 *   P rps:outcome:<mac>  hash: status, message, updated_at, url (absent when none), generation
 *                        (the MAC's: never deleted, so generations only grow per MAC)
 *   P rps:macs           set of the MACs of phones with rps: true (network changes mark them all)
 *   P rps_account:<vendor>, P rps_accounts   accounts (sealed JSON) and the set of their vendors
 *   P meta:rps           '1' once the first-start pass filled rps:macs (redis-rps.ts)
 * Times are ms since the epoch as decimal text, given by the writer (ARGV), never Redis's clock.
 */

/** Lua: rps_mark(mac, release_json|nil, now, now_iso, override '1'|'0'|nil) and rps_phone_write(old, new, now, now_iso). */
export const RPS_MARKS_LUA = `
local function rps_mark(mac, release, now, now_iso, override)
  local out, job = P .. 'rps:outcome:' .. mac, P .. 'rps:job:' .. mac
  local generation = redis.call('HINCRBY', out, 'generation', 1)
  redis.call('HSET', out, 'status', 'pending', 'message', '', 'updated_at', now_iso)
  redis.call('HSET', job, 'generation', generation, 'attempts', '0', 'due_at', now, 'override', override or '0')
  if release then redis.call('HSET', job, 'release', release) end
  -- A live lease is kept (its holder is running the job): the job is ready when it ends.
  local lease_until = redis.call('HGET', job, 'lease_until')
  local ready = tonumber(now)
  if lease_until and tonumber(lease_until) > ready then ready = tonumber(lease_until) end
  redis.call('ZADD', P .. 'rps:ready', ready, mac)
end
local function rps_release(p)
  local r = { vendor = p.vendor }
  if type(p.serial_number) == 'string' then r.serial_number = p.serial_number end
  return cjson.encode(r)
end
-- The marks of a phone written from o to n (decoded docs; nil or false when inserted / deleted).
local function rps_phone_write(o, n, now, now_iso)
  local was = (o and o.rps == true) or false
  local is = (n and n.rps == true) or false
  if was then
    local leaves = (not is) or n.mac ~= o.mac or n.vendor ~= o.vendor
    local release = nil
    if leaves then release = rps_release(o) end
    rps_mark(o.mac, release, now, now_iso)
    redis.call('SREM', P .. 'rps:macs', o.mac)
  end
  if is then
    if not (was and n.mac == o.mac) then rps_mark(n.mac, nil, now, now_iso) end
    redis.call('SADD', P .. 'rps:macs', n.mac)
  end
end
`;

/** The writer's clock as the scripts take it: ms and ISO text of the same instant. */
export function rpsClock(now: number = Date.now()): [string, string] {
  return [String(now), new Date(now).toISOString()];
}
