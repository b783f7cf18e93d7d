/**
 * @module The redis store's record writes: the arguments of WRITE_USER / WRITE_PHONE (an insert
 * with its idempotency claim, or a conditional update with the doc its change saw) and their
 * replies read back.
 */
import type { Phone } from '../domain/phone.js';
import { userNameKey } from '../domain/user-name.js';
import type { User } from '../domain/user.js';
import { encodeRecord, type RecordCodec } from './codec.js';
import { IDEMPOTENCY_TTL_MS, type IdempotencyClaim, type InsertOutcome } from './idempotency.js';
import type { RedisCommands } from './redis-commands.js';
import { createdScore } from './redis-order.js';
import type { LuaScript } from './redis-lua.js';
import { rpsClock } from './redis-rps-lua.js';
import * as lua from './redis-scripts.js';

/** Runs work against Redis, mapping failures to ProvErrors named by `ctx`. */
export type RedisCall = <T>(work: () => Promise<T>, ctx?: Record<string, string>) => Promise<T>;

export interface RedisWrites {
  /**
   * An insert (with `claim`), or an update when `expected` (the stored doc the change saw) is
   * given. Answers the outcome, or undefined when the update lost to another write (CONFLICT).
   */
  writeUser(u: User, expected?: string, claim?: IdempotencyClaim): Promise<InsertOutcome | undefined>;
  writePhone(p: Phone, expected?: string, claim?: IdempotencyClaim): Promise<InsertOutcome | undefined>;
}

export function createRedisWrites(cmd: RedisCommands, call: RedisCall, codec: RecordCodec): RedisWrites {
  const run = async (s: LuaScript, id: string, args: string[], ctx: Record<string, string>, expected?: string, claim?: IdempotencyClaim) => {
    const tail = expected !== undefined ? ['update', expected] : ['insert', claim?.key ?? '', claim?.fingerprint ?? '', String(IDEMPOTENCY_TTL_MS)];
    const [mode, ...rest] = tail;
    const reply = await call(() => cmd.script(s, mode!, id, ...args, ...rest), { ...ctx, id, idempotencyKey: claim?.key ?? '' });
    if (reply === 'CONFLICT') return undefined;
    const replayed = typeof reply === 'string' && reply.startsWith('REPLAY:') ? reply.slice('REPLAY:'.length) : undefined;
    return replayed === undefined ? { created: true, id } : { created: false, id: replayed };
  };
  return {
    writeUser: (u, expected, claim) => {
      const { text, tokenKey } = encodeRecord(codec, 'user', u); // doc and index entry under one key
      const args = [text, u.extension_number, userNameKey(u.name), tokenKey!, createdScore(u), ...rpsClock()];
      return run(lua.WRITE_USER, u.id, args, { extension: u.extension_number, name: u.name }, expected, claim);
    },
    writePhone: (p, expected, claim) =>
      run(lua.WRITE_PHONE, p.id, [encodeRecord(codec, 'phone', p).text, p.mac, p.user_id, createdScore(p), ...rpsClock()], { mac: p.mac, userId: p.user_id }, expected, claim),
  };
}
