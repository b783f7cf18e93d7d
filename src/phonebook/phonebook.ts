/**
 * @module The remote phonebook: which users a directory file lists (PROV_PHONEBOOK_SCOPE) and the
 * cache that keeps the phone path from listing every user per request. All users are listed
 * once, on the first directory request after a change; entries per scope and the files rendered
 * from them are kept until the next user change (store events `user` and `reset`, which on the
 * redis store include every node's changes).
 */
import type { User } from '../domain/user.js';
import type { DirectoryEntry } from '../render/directory.js';
import type { Store } from '../store/types.js';
import { departmentKey, directoryOf, type ScopedEntry } from './entries.js';

/** `all`: every enabled user; `department`: the enabled users of the folder user's department. */
export const PHONEBOOK_SCOPES = ['all', 'department'] as const;
export type PhonebookScope = (typeof PHONEBOOK_SCOPES)[number];

export interface PhonebookDeps {
  readonly store: Pick<Store, 'listUsers' | 'subscribe'>;
  readonly scope: PhonebookScope;
  /** Users read per store call while listing (default 1,000, the API's largest page). */
  readonly pageSize?: number;
}

export interface Phonebook {
  /**
   * The scope key a request is answered from, or undefined when it may not have the phonebook:
   * under a folder, its user decides (`department` scope); without a folder (TFTP) only a
   * trusted source gets it, and only in scope `all` (no user, so no department to go by).
   */
  scopeOf(folderUser: Pick<User, 'department'> | undefined, trustedSource: boolean): string | undefined;
  /** The entries of a scope key (sorted). */
  entries(scope: string): Promise<readonly DirectoryEntry[]>;
  /**
   * What `make` answers for the entries of `scope`, made once per (scope, key) until the next user
   * change; concurrent callers share one make. A failed make is not kept.
   */
  rendered<T>(scope: string, key: string, make: (entries: readonly DirectoryEntry[]) => Promise<T>): Promise<T>;
  /** Forgets every listing and rendered file (user changes do this by themselves; templates reloaded). */
  drop(): void;
  close(): void;
}

export function createPhonebook(deps: PhonebookDeps): Phonebook {
  const { store, scope } = deps;
  const pageSize = deps.pageSize ?? 1000;
  let all: Promise<ScopedEntry[]> | undefined;
  const scoped = new Map<string, Promise<readonly DirectoryEntry[]>>();
  const outputs = new Map<string, Promise<unknown>>();

  // Promises still running stay with their callers; nothing started before a drop is kept.
  const drop = () => {
    all = undefined;
    scoped.clear();
    outputs.clear();
  };
  const unsubscribe = store.subscribe((event) => {
    if (event.kind === 'user' || event.kind === 'reset') drop();
  });

  const listAll = async (): Promise<ScopedEntry[]> => {
    const users: User[] = [];
    for (let skip = 0; ; skip += pageSize) {
      const page = await store.listUsers({ searchFields: [], orderby: [], skip, top: pageSize });
      users.push(...page.items);
      if (page.items.length < pageSize) break;
    }
    return directoryOf(users);
  };

  /** Keeps `promise` under `key` in `map` unless it fails (then the next caller tries again). */
  const kept = <T>(map: Map<string, Promise<T>>, key: string, promise: Promise<T>): Promise<T> => {
    map.set(key, promise);
    promise.catch(() => map.get(key) === promise && map.delete(key));
    return promise;
  };

  const entries = (key: string): Promise<readonly DirectoryEntry[]> => {
    const hit = scoped.get(key);
    if (hit) return hit;
    if (!all) {
      const listing = listAll();
      all = listing;
      listing.catch(() => all === listing && (all = undefined));
    }
    const source = all;
    const department = key.startsWith('department:') ? key.slice('department:'.length) : undefined;
    const promise = source.then((list) => list.filter((e) => department === undefined || e.department === department).map((e) => e.entry));
    return kept(scoped, key, promise);
  };

  return {
    scopeOf(folderUser, trustedSource) {
      if (!folderUser) return trustedSource && scope === 'all' ? 'all' : undefined;
      return scope === 'all' ? 'all' : `department:${departmentKey(folderUser)}`;
    },
    entries,
    rendered(key, fileKey, make) {
      const k = `${key}\0${fileKey}`;
      const hit = outputs.get(k);
      if (hit) return hit as Promise<never>;
      return kept(outputs, k, entries(key).then(make)) as Promise<never>;
    },
    drop,
    close() {
      unsubscribe();
      drop();
    },
  };
}
