/**
 * @module The phone path's cache: request key (folder + lowercased file name) => rendered file.
 * Entries are indexed by user (the folder's, and a per-phone file's line users) and MAC so a store change drops exactly what it affects. A
 * generation counter makes a render that started before a change unable to insert stale bytes.
 * Bounded: past `maxEntries` the oldest entries are evicted first (FIFO: a hit costs one Map get).
 */
import type { RenderedFile } from './types.js';

export interface CacheOwner {
  readonly userId: string;
  /** Set for per-phone files; null for common files served under a user's folder. */
  readonly mac: string | null;
  /** The users of the phone's further lines: a change to one of them drops the entry too. */
  readonly lineUserIds?: readonly string[];
}

export interface ResponseCache {
  get(key: string): RenderedFile | undefined;
  /** The generation to pass back to set(); read it before starting any store read or render. */
  generation(): number;
  /** Inserts unless anything was invalidated since `generation` was read. */
  set(key: string, file: RenderedFile, owner: CacheOwner, generation: number): void;
  dropUser(userId: string): void;
  dropMac(mac: string): void;
  clear(): void;
  readonly size: number;
}

export function createResponseCache(maxEntries: number): ResponseCache {
  const entries = new Map<string, { file: RenderedFile; owner: CacheOwner }>();
  const byUser = new Map<string, Set<string>>();
  const byMac = new Map<string, Set<string>>();
  let gen = 0;

  const index = (map: Map<string, Set<string>>, k: string, key: string) => {
    let set = map.get(k);
    if (!set) map.set(k, (set = new Set()));
    set.add(key);
  };
  const unindex = (map: Map<string, Set<string>>, k: string, key: string) => {
    const set = map.get(k);
    if (set?.delete(key) && set.size === 0) map.delete(k);
  };
  const remove = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    unindex(byUser, e.owner.userId, key);
    for (const id of e.owner.lineUserIds ?? []) unindex(byUser, id, key);
    if (e.owner.mac) unindex(byMac, e.owner.mac, key);
  };
  const dropAll = (map: Map<string, Set<string>>, k: string) => {
    gen++;
    for (const key of [...(map.get(k) ?? [])]) remove(key);
  };

  return {
    get: (key) => entries.get(key)?.file,
    generation: () => gen,
    set(key, file, owner, generation) {
      if (generation !== gen) return;
      remove(key);
      while (entries.size >= maxEntries) remove(entries.keys().next().value as string);
      entries.set(key, { file, owner });
      index(byUser, owner.userId, key);
      for (const id of owner.lineUserIds ?? []) index(byUser, id, key);
      if (owner.mac) index(byMac, owner.mac, key);
    },
    dropUser: (userId) => dropAll(byUser, userId),
    dropMac: (mac) => dropAll(byMac, mac),
    clear() {
      gen++;
      entries.clear();
      byUser.clear();
      byMac.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
