/** @module The store contract every backend (memory, sqlite, redis) implements. */
import type { Mac } from '../domain/mac.js';
import type { Network } from '../domain/network.js';
import type { Phone, PhoneSighting } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import type { ListQuery } from './query.js';

/** One page of a list and the total number of matches before skip/top. */
export interface Page<T> {
  readonly count: number;
  readonly items: T[];
}

/**
 * A stored phone as read back: the record plus where it was last seen (kept apart so the phone
 * path never rewrites a record an admin may be editing).
 */
export interface StoredPhone extends Phone {
  readonly last_seen_at?: string;
  readonly last_seen_ip?: string;
  readonly last_seen_user_agent?: string;
}

/**
 * A change, published after it is durable. Caches subscribe and drop what it names. With the
 * redis store every node sees every node's changes (pub/sub).
 */
export type StoreEvent =
  | { readonly kind: 'user'; readonly id: string }
  | { readonly kind: 'phone'; readonly id: string; readonly mac: Mac; readonly user_id: string }
  | { readonly kind: 'network' }
  /** Anything may have changed (e.g. redis: changes published while this node was disconnected are lost). */
  | { readonly kind: 'reset' };

/**
 * The persistence contract. Records are passed fully formed (validated, defaults resolved,
 * MAC canonical); the store never changes a field. Writes are atomic: on any error nothing is
 * written. Reads of a missing record answer `undefined`, never throw.
 *
 * Errors: PROV_ERR_EXTENSION_TAKEN, PROV_ERR_USER_NAME_TAKEN (name compared case-insensitively),
 * PROV_ERR_MAC_TAKEN (409); PROV_ERR_USER_NOT_FOUND, PROV_ERR_PHONE_NOT_FOUND (404) when a
 * replace/insert names a missing record; PROV_ERR_STORE_UNAVAILABLE (503) when the backend
 * cannot be reached.
 */
export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'redis';

  /** Adds a user. Uniqueness: extension_number, name (case-insensitive), provision_token. */
  insertUser(user: User): Promise<void>;
  /** Replaces a user by id (same uniqueness rules, ignoring the user itself). */
  replaceUser(user: User): Promise<void>;
  /** Deletes a user and all its phones in one atomic step; answers the deleted phones, or undefined if no such user. */
  deleteUser(id: string): Promise<Phone[] | undefined>;
  getUser(id: string): Promise<User | undefined>;
  getUserByToken(token: string): Promise<User | undefined>;
  listUsers(query: ListQuery): Promise<Page<User>>;

  /** Adds a phone. The user (phone.user_id) must exist; the MAC must be free. */
  insertPhone(phone: Phone): Promise<void>;
  /** Replaces a phone by id; the MAC may change if the new one is free. Sightings are kept. */
  replacePhone(phone: Phone): Promise<void>;
  deletePhone(id: string): Promise<Phone | undefined>;
  getPhone(id: string): Promise<StoredPhone | undefined>;
  getPhoneByMac(mac: Mac): Promise<StoredPhone | undefined>;
  /** Lists phones, of one user when `userId` is given. */
  listPhones(query: ListQuery, userId?: string): Promise<Page<StoredPhone>>;
  /** Records a sighting of a phone (no event is published: nothing rendered depends on it). */
  recordSighting(mac: Mac, sighting: PhoneSighting): Promise<void>;

  getNetwork(): Promise<Network>;
  putNetwork(network: Network): Promise<void>;

  /** Calls `listener` after each durable change; answers a function that unsubscribes. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  close(): Promise<void>;
}
