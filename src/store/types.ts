/** @module The store contract every backend (memory, sqlite, redis) implements. */
import type { Mac } from '../domain/mac.js';
import type { Network } from '../domain/network.js';
import type { Phone, PhoneSighting } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import type { SealedRecords } from '../secrets/rotate.js';
import type { IdempotencyClaim, InsertOutcome } from './idempotency.js';
import type { ListQuery } from './query.js';
import type { RpsPhoneFields, RpsStore } from './rps-types.js';
import type { TemplateStore } from './template-types.js';

export type { IdempotencyClaim, InsertOutcome } from './idempotency.js';

/** Notes a store writes to the server log about stored data it changed by itself (a migration, a rebuilt index). */
export type StoreNotice = (details: Record<string, unknown>, message: string) => void;

/** One page of a list and the total number of matches before skip/top. */
export interface Page<T> {
  readonly count: number;
  readonly items: T[];
}

/**
 * A stored phone as read back: the record plus where it was last seen and its MAC's redirect
 * service outcome (both kept apart so neither the phone path nor the RPS runner ever rewrites a
 * record an admin may be editing). `last_seen_*` are absent before a sighting; `rps_status` and
 * `rps_message` are always there (`disabled` and '' when the MAC has no outcome).
 */
export interface StoredPhone extends Phone, RpsPhoneFields {
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
  /** A template file edited over the API (template-types.ts): every node reloads its vendor catalog. */
  | { readonly kind: 'template'; readonly vendor: string; readonly file: string }
  /**
   * The firmware of a vendor's model changed (uploaded, replaced, removed). The bytes and their
   * manifest live in PROV_FIRMWARE_DIR (src/firmware/), not in the store: the store only carries
   * the news to every node, which re-reads the manifest and re-renders.
   */
  | { readonly kind: 'firmware'; readonly vendor: string; readonly model: string }
  /** Anything may have changed (e.g. redis: changes published while this node was disconnected are lost). */
  | { readonly kind: 'reset' };

/**
 * The next record computed from the current one, for an atomic update. May be async (it may
 * read other records); may run more than once when concurrent writes conflict; throwing aborts
 * the update with nothing written (the error reaches the caller as is).
 */
export type RecordChange<T> = (current: T) => T | Promise<T>;

/**
 * The persistence contract. Records are passed fully formed (validated, defaults resolved,
 * MAC canonical); the store never changes a field. Writes are atomic: on any error nothing is
 * written. Reads of a missing record answer `undefined`, never throw.
 *
 * Updates are read-modify-write made atomic by optimistic concurrency: `update*(id, change)`
 * writes `change(current)` only if the record is still what `change` saw, and retries otherwise
 * (a bounded number of times), so no concurrent update is ever lost. There is no unconditional
 * replace of a user or phone.
 *
 * The phone, user and network writes also fill the RPS outbox, in the same atomic write
 * (RpsStore, rps-types.ts). Template versions: TemplateStore (template-types.ts).
 *
 * Errors: PROV_ERR_EXTENSION_TAKEN, PROV_ERR_USER_NAME_TAKEN (name compared case-insensitively),
 * PROV_ERR_MAC_TAKEN (409); PROV_ERR_USER_NOT_FOUND, PROV_ERR_PHONE_NOT_FOUND (404) when an
 * update/insert names a missing record; PROV_ERR_STORE_CONFLICT (409) when an update kept
 * conflicting; PROV_ERR_STORE_UNAVAILABLE (503) when the backend cannot be reached.
 */
export interface Store extends RpsStore, TemplateStore {
  readonly kind: 'memory' | 'sqlite' | 'redis';

  /**
   * Adds a user. Uniqueness: extension_number, name (case-insensitive), provision_token. With a
   * `claim` whose key is stored already, adds nothing and answers the id created under it (see
   * idempotency.ts); otherwise the key is stored with the user, atomically, for 24 h.
   * @throws ProvError PROV_ERR_IDEMPOTENCY_KEY_REUSED (422) when the key's fingerprint differs.
   */
  insertUser(user: User, claim?: IdempotencyClaim): Promise<InsertOutcome>;
  /**
   * Atomically replaces user `id` by `change(current)` (same uniqueness rules as insert, ignoring
   * the user itself; the id must stay). Answers the record written.
   */
  updateUser(id: string, change: RecordChange<User>): Promise<User>;
  /**
   * Deletes a user and all its phones, and removes the user's line from every other phone that
   * carries it (`lines`; a phone event for each), in one atomic step; answers the deleted phones,
   * or undefined if no such user.
   */
  deleteUser(id: string): Promise<Phone[] | undefined>;
  getUser(id: string): Promise<User | undefined>;
  getUserByToken(token: string): Promise<User | undefined>;
  listUsers(query: ListQuery): Promise<Page<User>>;

  /**
   * Adds a phone. The user (phone.user_id) and every line's user must exist (else
   * PROV_ERR_USER_NOT_FOUND); the MAC must be free. `claim` as for insertUser.
   */
  insertPhone(phone: Phone, claim?: IdempotencyClaim): Promise<InsertOutcome>;
  /**
   * Atomically replaces phone `id` by `change(current)`; `current` is the record without its
   * sighting. The MAC may change if the new one is free, the user if it exists. Sightings are kept.
   */
  updatePhone(id: string, change: RecordChange<Phone>): Promise<Phone>;
  deletePhone(id: string): Promise<Phone | undefined>;
  getPhone(id: string): Promise<StoredPhone | undefined>;
  getPhoneByMac(mac: Mac): Promise<StoredPhone | undefined>;
  /** Lists phones, of one user when `userId` is given. */
  listPhones(query: ListQuery, userId?: string): Promise<Page<StoredPhone>>;
  /**
   * The MACs of user `userId`'s phones (none for an unknown user), read without opening any
   * record: the phone path's ownership check loads it once per user (src/provisioning/owned-macs.ts).
   */
  phoneMacsOfUser(userId: string): Promise<Mac[]>;
  /**
   * The MACs of the phones that carry user `userId` on a further line (`lines`), read without
   * opening any record: a change to the user changes those phones' files too (auto-resync).
   */
  lineMacsOfUser(userId: string): Promise<Mac[]>;
  /** Records a sighting of a phone (no event is published: nothing rendered depends on it). */
  recordSighting(mac: Mac, sighting: PhoneSighting): Promise<void>;

  getNetwork(): Promise<Network>;
  /** Sets the network settings unconditionally (seeding, tests); the API uses updateNetwork. */
  putNetwork(network: Network): Promise<void>;
  /** Atomically replaces the network settings by `change(current)`; answers what was written. */
  updateNetwork(change: RecordChange<Network>): Promise<Network>;

  /**
   * Reads the data-epoch marker (a random id stored once, at the first start on a new store),
   * writing `candidate` when none is stored. From then on every write of this store instance is
   * refused with PROV_ERR_STORE_DATA_LOST, atomically, while the stored marker is not the one
   * answered: a store that lost its data (Redis restarted empty) is never written to as if it
   * were the old one. `created` says the marker was written now.
   */
  claimEpoch(candidate: string): Promise<{ readonly epoch: string; readonly created: boolean }>;
  /** The stored data-epoch marker, or undefined when none is stored (one cheap round trip). */
  readEpoch(): Promise<string | undefined>;

  /**
   * Publishes a change of something kept outside the store (firmware) to every subscriber of
   * every node, like a write's event; writes nothing.
   */
  announce(event: Extract<StoreEvent, { kind: 'firmware' }>): Promise<void>;
  /** Calls `listener` after each durable change; answers a function that unsubscribes. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * A store as its backend's factory answers it: the Store plus its records as key rotation sees
 * them (SealedRecords: rewrites without events). Not part of the Store contract: only
 * `provd rotate-key` (src/secrets/store-secrets.ts) and tests use it.
 */
export interface SealedStore extends Store {
  readonly sealedRecords: SealedRecords;
}
