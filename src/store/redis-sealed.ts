/**
 * @module The redis store's records as key rotation and the first-start re-seal see them
 * (SealedRecords, src/secrets/rotate.ts), and that first-start pass: at a store's first call,
 * unless `P meta:sealed` says a pass of this format completed, every record an older version wrote
 * plain or sealed field by field is re-sealed before the call goes on (seal-upgrade.ts). Several
 * nodes starting at once each run the pass: every rewrite is conditional on the doc read, so a
 * record sealed by one node is current for the others and left alone; the marker is set by whoever
 * completes.
 */
import type { Redis } from 'ioredis';
import type { RecordCodec } from '../secrets/codec.js';
import { RECORD_KINDS, type RecordKind, type RecordTypes } from '../secrets/fields.js';
import type { RecordVisitor, SealedRecords } from '../secrets/rotate.js';
import { parseDoc } from './doc.js';
import type { RedisCommands } from './redis-commands.js';
import { onceSucceeded } from './once.js';
import { script } from './redis-lua.js';
import { createSealUpgrade } from './seal-upgrade.js';
import type { StoreNotice } from './types.js';

const CHUNK = 500;
/** The set of each kind's ids under the prefix (its records are under `<kind>:<id>`). */
const ID_SETS: { readonly [K in RecordKind]: string } = { user: 'users', phone: 'phones', rps_account: 'rps_accounts' };
/** Set under the prefix to SEALED_FORMAT once a first-start pass has completed. */
export const SEALED_MARKER = 'meta:sealed';
/**
 * The record format a completed pass left (codec.ts): '2', one sealed value per record. Any other
 * marker ('1': the first sealing build, field by field) means the pass runs again.
 */
export const SEALED_FORMAT = '2';

/**
 * ARGV: P, fence, 'user'|'phone', id, expected doc, new doc, new token key ('' for phones).
 * Replaces the doc only if it is still `expected`; for a user, moves its token index entry to the
 * new key in the same step (the old entry removed). Answers 'OK', 'GONE' or 'CONFLICT'. Publishes
 * no event: the record's plain content is unchanged.
 */
export const RESEAL_RECORD = script('reseal_record', `
if fenced() then return fail('DATA_LOST') end
local kind, id, expected, doc, token = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local key = P .. kind .. ':' .. id
local old = redis.call('GET', key)
if not old then return 'GONE' end
if old ~= expected then return 'CONFLICT' end
if kind == 'user' then
  local o = decode(old)
  if not o then return fail('CORRUPT') end
  local old_token = token_key_of(id, o)
  if redis.call('HGET', P .. 'idx:token', old_token) == id then redis.call('HDEL', P .. 'idx:token', old_token) end
  redis.call('HSET', P .. 'idx:token', token, id)
  redis.call('HSET', P .. 'idx:token-of', id, token)
end
redis.call('SET', key, doc)
return 'OK'
`);

/** The records under the prefix, walked over the connection of `cmd` (no gate: the pass uses it). */
export function createRedisRecords(client: Redis, cmd: RedisCommands, notice: StoreNotice): SealedRecords {
  const visitOne = async <K extends RecordKind>(kind: K, id: string, first: string | null, visit: RecordVisitor<K>, unreadable: string[]) => {
    for (let text = first; text !== null; text = await client.get(cmd.key(kind, ':', id))) {
      let doc: RecordTypes[K];
      try {
        doc = parseDoc<RecordTypes[K]>(text, `${kind} ${id}`);
      } catch {
        unreadable.push(id);
        return;
      }
      const next = visit(doc);
      if (!next) return;
      const reply = await cmd.script(RESEAL_RECORD, kind, id, text, JSON.stringify(next.doc), next.tokenKey ?? '');
      if (reply !== 'CONFLICT') return; // written, or deleted meanwhile
    }
  };
  return {
    async forEachRecord(kind, visit) {
      const ids = await cmd.members(cmd.key(ID_SETS[kind]));
      const unreadable: string[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const batch = ids.slice(i, i + CHUNK);
        const texts = await client.mget(batch.map((id) => cmd.key(kind, ':', id)));
        // Visits are synchronous; the rewrites of a chunk go out together (one pipeline).
        await Promise.all(batch.map((id, j) => visitOne(kind, id, texts[j] ?? null, visit, unreadable)));
      }
      if (unreadable.length) notice({ kind, ids: unreadable }, `${unreadable.length} ${kind} records are not JSON objects; not re-sealed (reading them reports PROV_ERR_STORE_CORRUPT)`);
    },
  };
}

/**
 * The first-start pass of a store with `codec`; `ready()` settles once it completed (at once when
 * the marker is set, or when the codec does not seal). A failure is not remembered: the next
 * call tries again.
 */
export function createSealPass(client: Redis, cmd: RedisCommands, records: SealedRecords, codec: RecordCodec, notice: StoreNotice): { ready(): Promise<void> } {
  const pass = async () => {
    if (!codec.sealing || (await client.get(cmd.key(SEALED_MARKER))) === SEALED_FORMAT) return;
    const upgrade = createSealUpgrade(codec);
    for (const kind of RECORD_KINDS) await records.forEachRecord(kind, upgrade.visitor(kind));
    await client.set(cmd.key(SEALED_MARKER), SEALED_FORMAT);
    upgrade.report(notice);
  };
  return { ready: onceSucceeded(pass) };
}
