/**
 * @module The redis store's Lua scripts of the RPS outbox and accounts (key layout:
 * redis-rps-lua.ts). Each is one atomic step: two nodes never lease one job, and a completion or
 * retry checks the lease and the generation in the same step as its write. All are fenced by the
 * data epoch like every other write.
 */
import { script } from './redis-lua.js';
import { RPS_MARKS_LUA } from './redis-rps-lua.js';

/** Lua: the job and outcome keys of ARGV[4] (a MAC), and the outcome write of a completion or retry. */
const ENDING_LUA = `
local function write_outcome(out, status, message, updated_at, url)
  redis.call('HSET', out, 'status', status, 'message', message, 'updated_at', updated_at)
  if url ~= '' then redis.call('HSET', out, 'url', url) else redis.call('HDEL', out, 'url') end
end
local function drop_lease(job, mac)
  redis.call('HDEL', job, 'lease_owner', 'lease_until')
  redis.call('ZADD', P .. 'rps:ready', redis.call('HGET', job, 'due_at'), mac)
end
`;

/** ARGV: P, fence, mac, now ms, now ISO, override '1'|'0'. Answers 1, or 0 when no phone has the MAC. */
export const MARK_RPS = script('mark_rps', RPS_MARKS_LUA + `
if fenced() then return fail('DATA_LOST') end
if not redis.call('HGET', P .. 'idx:mac', ARGV[3]) then return 0 end
rps_mark(ARGV[3], nil, ARGV[4], ARGV[5], ARGV[6])
return 1
`);

/**
 * ARGV: P, fence, owner, now ms, lease end ms, limit (> 0). Leases the jobs ready by now, oldest
 * first (ready time, then MAC). Answers, per job: mac, generation, attempts, due_at, override,
 * release ('' when none).
 */
export const LEASE_RPS = script('lease_rps', `
if fenced() then return fail('DATA_LOST') end
local owner, now, lease_until = ARGV[3], ARGV[4], ARGV[5]
local out = {}
for _, mac in ipairs(redis.call('ZRANGEBYSCORE', P .. 'rps:ready', '-inf', now, 'LIMIT', 0, tonumber(ARGV[6]))) do
  local job = P .. 'rps:job:' .. mac
  local f = redis.call('HMGET', job, 'generation', 'attempts', 'due_at', 'override', 'release')
  if not f[1] then
    redis.call('ZREM', P .. 'rps:ready', mac) -- no job behind it (cannot happen through the scripts)
  else
    redis.call('HSET', job, 'lease_owner', owner, 'lease_until', lease_until)
    redis.call('ZADD', P .. 'rps:ready', math.max(tonumber(f[3]), tonumber(lease_until)), mac)
    for _, v in ipairs({ mac, f[1], f[2], f[3], f[4], f[5] or '' }) do out[#out + 1] = v end
  end
end
return out
`);

/**
 * ARGV: P, fence, owner, mac, generation, status, message, updated_at, url ('' = none). Answers
 * 0 (the job holds no lease of owner: nothing written) or 1, as RpsStore.completeRpsJob says.
 */
export const COMPLETE_RPS = script('complete_rps', ENDING_LUA + `
if fenced() then return fail('DATA_LOST') end
local owner, mac, generation = ARGV[3], ARGV[4], ARGV[5]
local job, out = P .. 'rps:job:' .. mac, P .. 'rps:outcome:' .. mac
if redis.call('HGET', job, 'lease_owner') ~= owner then return 0 end
if redis.call('HGET', job, 'generation') == generation then
  redis.call('DEL', job)
  redis.call('ZREM', P .. 'rps:ready', mac)
  write_outcome(out, ARGV[6], ARGV[7], ARGV[8], ARGV[9])
else
  drop_lease(job, mac) -- marked meanwhile: due as the mark left it
  if redis.call('HGET', out, 'status') ~= 'pending' then write_outcome(out, ARGV[6], ARGV[7], ARGV[8], ARGV[9]) end
end
return 1
`);

/**
 * ARGV: P, fence, owner, mac, generation, due_at ms, status, message, updated_at, url ('' = none).
 * Answers 0 or 1, as RpsStore.retryRpsJob says.
 */
export const RETRY_RPS = script('retry_rps', ENDING_LUA + `
if fenced() then return fail('DATA_LOST') end
local owner, mac, generation, due_at = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local job = P .. 'rps:job:' .. mac
if redis.call('HGET', job, 'lease_owner') ~= owner then return 0 end
if redis.call('HGET', job, 'generation') == generation then
  redis.call('HINCRBY', job, 'attempts', 1)
  redis.call('HSET', job, 'due_at', due_at)
  write_outcome(P .. 'rps:outcome:' .. mac, ARGV[7], ARGV[8], ARGV[9], ARGV[10])
end
drop_lease(job, mac)
return 1
`);

/** ARGV: P, fence, vendor, doc ('' = delete). Answers 1 when written or deleted, 0 when there was nothing to delete. */
export const WRITE_ACCOUNT = script('write_account', `
if fenced() then return fail('DATA_LOST') end
local vendor, doc = ARGV[3], ARGV[4]
if doc == '' then
  redis.call('SREM', P .. 'rps_accounts', vendor)
  return redis.call('DEL', P .. 'rps_account:' .. vendor)
end
redis.call('SET', P .. 'rps_account:' .. vendor, doc)
redis.call('SADD', P .. 'rps_accounts', vendor)
return 1
`);

/**
 * The first-start pass over data an older version wrote (redis-rps.ts). ARGV: P, fence, now ms,
 * now ISO, then MACs whose phone had rps: true when read. Each MAC whose phone still has it and
 * is not in rps:macs yet is added and marked (a phone the new code wrote is in it already).
 * Answers how many were marked.
 */
export const ADOPT_RPS = script('adopt_rps', RPS_MARKS_LUA + `
if fenced() then return fail('DATA_LOST') end
local marked = 0
for i = 5, #ARGV do
  local mac = ARGV[i]
  local id = redis.call('HGET', P .. 'idx:mac', mac)
  local p = id and decode(redis.call('GET', P .. 'phone:' .. id) or '')
  if p and p.rps == true and redis.call('SADD', P .. 'rps:macs', mac) == 1 then
    rps_mark(mac, nil, ARGV[3], ARGV[4])
    marked = marked + 1
  end
end
return marked
`);
