/**
 * @module The Redis store's name index kept in step with the name key function: at the first
 * call of a store, when `P meta:name-key` does not name USER_NAME_KEY_VERSION, every user's name
 * key is recomputed (in JavaScript: Lua cannot do Unicode folding) and the index rebuilt in one
 * script. Run every node of a cluster on the same version: an older node writes older keys.
 */
import { USER_NAME_KEY_VERSION, userNameKey } from '../domain/user-name.js';
import { onceSucceeded } from './once.js';
import type { StoreNotice } from './types.js';

const CHUNK = 500;

export interface NameKeyDeps {
  /** GET of a key under the prefix. */
  readonly get: (key: string) => Promise<string | null>;
  /** Every user id (SSCAN of P users). */
  readonly userIds: () => Promise<string[]>;
  /** The stored docs of these users (MGET; null for one deleted meanwhile). */
  readonly userDocs: (ids: string[]) => Promise<(string | null)[]>;
  /** The user name in a stored doc (undefined when unreadable). */
  readonly nameOf: (doc: string) => string | undefined;
  /** Runs REKEY_NAMES with the version and id, key pairs; answers the clashes (id, other id, ...). */
  readonly rekey: (version: string, pairs: string[]) => Promise<string[]>;
  readonly notice: StoreNotice;
}

/** `ready()` settles once the index is current; a failure is not remembered (the next call retries). */
export function createNameKeys(deps: NameKeyDeps): { ready(): Promise<void> } {
  const rebuild = async () => {
    if ((await deps.get('meta:name-key')) === USER_NAME_KEY_VERSION) return;
    const ids = await deps.userIds();
    const pairs: string[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const batch = ids.slice(i, i + CHUNK);
      (await deps.userDocs(batch)).forEach((doc, j) => {
        const name = doc === null ? undefined : deps.nameOf(doc);
        if (name !== undefined) pairs.push(batch[j]!, userNameKey(name));
      });
    }
    const clashes = await deps.rekey(USER_NAME_KEY_VERSION, pairs);
    if (clashes.length) {
      const users = [];
      for (let i = 0; i < clashes.length; i += 2) users.push({ id: clashes[i], same_as: clashes[i + 1] });
      deps.notice({ users }, `${users.length} users have a name equal to another user's under the Unicode-aware comparison (NFKC, case folded); both kept, rename one of each pair`);
    }
  };
  return { ready: onceSucceeded(rebuild) };
}
