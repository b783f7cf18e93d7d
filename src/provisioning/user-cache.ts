/**
 * @module Users by provisioning token for the phone path. A booting phone asks for two or more
 * files under its folder, and each needs the folder's user: read and parsed once, not per file.
 * Dropped on the user's change events; an answer loaded while an event came in is not kept (it
 * may predate the change). Unknown tokens are not remembered.
 */
import type { User } from '../domain/user.js';

export interface UserCache {
  get(token: string, load: (token: string) => Promise<User | undefined>): Promise<User | undefined>;
  drop(userId: string): void;
  clear(): void;
}

export function createUserCache(maxEntries = 10_000): UserCache {
  const byToken = new Map<string, User>();
  const tokenOf = new Map<string, string>();
  let generation = 0;
  const remove = (token: string) => {
    const user = byToken.get(token);
    byToken.delete(token);
    if (user) tokenOf.delete(user.id);
  };
  return {
    async get(token, load) {
      const hit = byToken.get(token);
      if (hit) return hit;
      const started = generation;
      const user = await load(token);
      if (user && started === generation) {
        while (byToken.size >= maxEntries) remove(byToken.keys().next().value as string);
        byToken.set(token, user);
        tokenOf.set(user.id, token);
      }
      return user;
    },
    drop(userId) {
      generation++;
      const token = tokenOf.get(userId);
      if (token !== undefined) remove(token);
    },
    clear() {
      generation++;
      byToken.clear();
      tokenOf.clear();
    },
  };
}
