/**
 * @module The redis store's building blocks over one connection: keys under the prefix, Lua
 * scripts run by SHA (loaded on NOSCRIPT) with the data-epoch fence, and set/doc reads that never
 * ask for one huge reply.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LuaScript } from './redis-lua.js';

const CHUNK = 500;

export interface RedisCommands {
  /** `prefix` + parts. */
  key(...parts: string[]): string;
  /** Runs a script with ARGV = prefix, fence, ...args. */
  script(s: LuaScript, ...args: string[]): Promise<unknown>;
  /** All ids of a set, by SSCAN; SSCAN may repeat ids, they are dropped. */
  members(setKey: string): Promise<string[]>;
  /** The docs of `ids` under `kind` (e.g. `user:`), MGET in chunks; ids deleted meanwhile are skipped. */
  docs(kind: string, ids: string[]): Promise<string[]>;
  /** [at, ip, user_agent] of each MAC's sighting (nulls when never seen), pipelined in chunks. */
  sightings(macs: string[]): Promise<(string | null)[][]>;
  /** `fields` of the hash under `kind` + id for each id (nulls when absent), pipelined in chunks. */
  hashes(kind: string, ids: string[], fields: string[]): Promise<(string | null)[][]>;
}

/** `fence()` answers the data epoch this node claimed ('' before): every write script checks it. */
export function createRedisCommands(client: Redis, prefix: string, fence: () => string): RedisCommands {
  const shas = new Map<LuaScript, string>();
  const key = (...parts: string[]) => prefix + parts.join('');
  const hashes = async (kind: string, ids: string[], fields: string[]) => {
    const out: (string | null)[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const pipeline = client.pipeline();
      const batch = ids.slice(i, i + CHUNK);
      for (const id of batch) pipeline.hmget(key(kind, id), ...fields);
      const replies = (await pipeline.exec()) ?? [];
      if (replies.length !== batch.length) throw new Error('the pipeline was aborted');
      for (const [err, reply] of replies) {
        if (err) throw err;
        out.push(reply as (string | null)[]);
      }
    }
    return out;
  };
  return {
    key,
    async script(s, ...args) {
      let sha = shas.get(s);
      if (!sha) shas.set(s, (sha = createHash('sha1').update(s.source).digest('hex')));
      try {
        return await client.evalsha(sha, 0, prefix, fence(), ...args);
      } catch (err) {
        if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
        return client.eval(s.source, 0, prefix, fence(), ...args);
      }
    },
    async members(setKey) {
      const ids = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await client.sscan(setKey, cursor, 'COUNT', 1000);
        cursor = next;
        for (const id of batch) ids.add(id);
      } while (cursor !== '0');
      return [...ids];
    },
    async docs(kind, ids) {
      const out: string[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const batch = await client.mget(ids.slice(i, i + CHUNK).map((id) => key(kind, id)));
        for (const d of batch) if (d !== null) out.push(d);
      }
      return out;
    },
    sightings: (macs) => hashes('sighting:', macs, ['at', 'ip', 'user_agent']),
    hashes,
  };
}
