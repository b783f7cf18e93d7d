/**
 * @module The MACs of each user's phones, for the phone path's ownership check. A request under a
 * folder asks "does the folder's user have a phone with this MAC?" and answers it from this set,
 * so a MAC nobody registered and another user's MAC cost exactly the same (one Set miss, no phone
 * read, no decryption): a 404 no longer tells which MACs exist (issue 12 §1 timing). Only the
 * user's own phones are then read.
 *
 * Loaded per user on first use (one listing of the user's phones), dropped on the store's change
 * events: a phone event drops its new owner and the user whose set held the MAC (a moved phone);
 * a user event drops that user; a reset drops everything. A load that raced with an event is not
 * kept (it may predate the change). Bounded: past `maxUsers` the oldest loaded user is dropped.
 */
import type { Store } from '../store/types.js';

export interface OwnedMacs {
  /** The MACs (12 lowercase hex digits) of the user's phones. */
  of(userId: string): Promise<ReadonlySet<string>>;
  /** A phone changed: drops its owner now (`userId`) and whoever held `mac` before. */
  dropPhone(mac: string, userId: string): void;
  dropUser(userId: string): void;
  clear(): void;
}

export function createOwnedMacs(store: Pick<Store, 'phoneMacsOfUser'>, maxUsers = 10_000): OwnedMacs {
  const byUser = new Map<string, ReadonlySet<string>>();
  const ownerOf = new Map<string, string>();
  let generation = 0;

  const drop = (userId: string) => {
    const macs = byUser.get(userId);
    if (!macs) return;
    byUser.delete(userId);
    for (const mac of macs) if (ownerOf.get(mac) === userId) ownerOf.delete(mac);
  };

  // MACs only: no phone record is opened (unsealed) to learn who owns what.
  const load = async (userId: string): Promise<Set<string>> => new Set(await store.phoneMacsOfUser(userId));

  return {
    async of(userId) {
      const hit = byUser.get(userId);
      if (hit) return hit;
      const started = generation;
      const macs = await load(userId);
      if (started === generation) {
        while (byUser.size >= maxUsers) drop(byUser.keys().next().value as string);
        byUser.set(userId, macs);
        for (const mac of macs) ownerOf.set(mac, userId);
      }
      return macs;
    },
    dropPhone(mac, userId) {
      generation++;
      const before = ownerOf.get(mac);
      if (before !== undefined) drop(before);
      drop(userId);
    },
    dropUser(userId) {
      generation++;
      drop(userId);
    },
    clear() {
      generation++;
      byUser.clear();
      ownerOf.clear();
    },
  };
}
