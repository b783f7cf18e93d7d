/**
 * @module The store's part of the redirect-service (RPS) life cycle: one account per vendor, a
 * per-MAC outbox the phone writes fill in the same atomic write as the change itself, leases so
 * one job runs once across processes and nodes, and each MAC's last outcome (shown on the phone
 * as `rps_status`, `rps_message`, `rps_updated_at`, like the sighting: kept apart from the record
 * so the runner never rewrites what an admin edits).
 *
 * The outbox says "reconcile this MAC", not what to do: the runner reads the phone as it is when
 * the job runs (so the last intent wins) and the `release` the job keeps for a phone that left.
 */
import type { Mac } from '../domain/mac.js';

/** An account of a vendor's redirect service as stored (secrets sealed at rest, kind `rps_account`). */
export interface RpsAccount {
  /** Vendor id of the account, e.g. `yealink` (one account per vendor). */
  readonly vendor: string;
  /** The service id of src/redirect (e.g. `yealink-json`, `yealink-xmlrpc`). */
  readonly flavour: string;
  /** Base URL overriding the service's public one (private deployments, tests). */
  readonly url?: string;
  readonly username?: string;
  /** Secret: never answered by the API, never logged, sealed at rest. */
  readonly password?: string;
  readonly access_key_id?: string;
  /** Secret: never answered by the API, never logged, sealed at rest. */
  readonly access_key_secret?: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** The secret fields of an account (sealed at rest, write-only in the API). */
export const RPS_ACCOUNT_SECRETS = ['password', 'access_key_secret'] as const;

/**
 * An account as the stores seal and keep it (record kind `rps_account` of src/secrets/fields.ts):
 * the account plus `id`, always its vendor, which binds its sealed secrets to it. Never answered.
 */
export interface RpsAccountRecord extends RpsAccount {
  readonly id: string;
}

/** What an unregister needs of a phone that left the service (deleted, `rps: false`, MAC or vendor changed). */
export interface RpsRelease {
  readonly vendor: string;
  readonly serial_number?: string;
}

/** One MAC's pending reconciliation. At most one per MAC: a new mark replaces the intent. */
export interface RpsJob {
  readonly mac: Mac;
  /**
   * Set when a phone with `rps: true` left this MAC (or the service) in a marked write; kept
   * (the latest one) until the job completes. The runner unregisters it unless the MAC's
   * current phone has `rps: true` at the same vendor.
   */
  readonly release?: RpsRelease;
  /** Take the MAC over from another account on the next register (POST .../rps/override). */
  readonly override: boolean;
  /** Bumped by every mark: completing a job whose generation moved on keeps it (a newer intent). */
  readonly generation: number;
  /** Failed attempts since the last mark (0 after a mark). */
  readonly attempts: number;
  /** When the job may run next (ms since the epoch). */
  readonly due_at: number;
}

/** `rps_status` of a phone: `disabled` when its MAC has no outcome stored and the phone has `rps: false`. */
export const RPS_STATUSES = ['disabled', 'pending', 'registered', 'owned_by_other', 'error'] as const;
export type RpsStatus = (typeof RPS_STATUSES)[number];

/** A MAC's last outcome, as a job left it (or `pending`, as a mark left it). */
export interface RpsOutcome {
  readonly status: RpsStatus;
  /** The vendor's own words (never a credential); empty when it went well. */
  readonly message: string;
  readonly updated_at: string;
  /**
   * The URL the service holds for the MAC after a successful register. A mark keeps it (the
   * service still holds it until the job runs); a job's outcome replaces it (absent: none).
   */
  readonly url?: string;
}

/** The fields a phone read carries about its MAC's outcome (StoredPhone, src/store/types.ts). */
export interface RpsPhoneFields {
  /** The outcome's status; `disabled` when the MAC has none. */
  readonly rps_status: RpsStatus;
  /** The outcome's message; '' when the MAC has none. */
  readonly rps_message: string;
  /** When the outcome was written; absent when the MAC has none. */
  readonly rps_updated_at?: string;
}

/**
 * The outbox and accounts, as every backend implements them (memory, sqlite, redis).
 *
 * Marks are written by the phone writes themselves, atomically with them (nothing to call):
 * - insertPhone / updatePhone / deletePhone: when the phone has `rps: true` before or after the
 *   write, its MAC is marked (both MACs when the MAC changed); a phone that leaves (deleted,
 *   `rps: false`, other MAC, other vendor) leaves a `release` with its old vendor and serial
 *   number on its old MAC;
 * - deleteUser: every phone of the user with `rps: true` (with a release);
 * - updateUser: every phone of the user with `rps: true` (the folder token is in the URL);
 * - updateNetwork / putNetwork: every phone with `rps: true` (host and ports are in the URL).
 * A mark sets generation+1, attempts 0, due_at now, override false, and the MAC's outcome to
 * `pending` (message empty, `url` kept); it keeps the job's lease (the job being run goes on; its
 * completion then finds the generation moved on) and the job's `release` unless it brings one.
 * A write that fails (MAC taken, missing user, conflict) marks nothing. Marks publish no extra
 * event. Generations only grow per MAC, also across a job's deletion, so a stale lease holder
 * never matches a later job of the same MAC.
 *
 * Times: `now`, `due_at` and lease ends are ms since the epoch; a mark uses the writer's clock
 * (Date.now()), leases and completions the `now` their caller gives.
 */
export interface RpsStore {
  /** Marks `mac` again (retry, override) without a phone write. Answers false when no phone has the MAC. */
  markRps(mac: Mac, options?: { readonly override?: boolean }): Promise<boolean>;
  /**
   * Leases up to `limit` jobs that are due (`due_at <= now`) and not leased by a live lease
   * (`until > now`, whoever holds it; a lease that expired counts as free), to `owner` until
   * `now + leaseMs`, atomically: two callers never lease the same job at the same time. Oldest
   * first: by `due_at`, a job whose lease expired counting as due from its lease's end; then by
   * MAC. Answers the jobs as they were leased.
   */
  leaseRpsJobs(owner: string, now: number, leaseMs: number, limit: number): Promise<RpsJob[]>;
  /**
   * Ends a leased job: writes the MAC's `outcome`, and deletes the job when its generation is
   * still `job.generation`; a job marked meanwhile stays (due as the mark left it, lease
   * dropped) and the outcome is written only if the stored one is not `pending` (a mark leaves
   * it `pending`, so the newer intent shows). Only `owner`'s lease counts, expired or not, as
   * long as nobody else took it: answers false and writes nothing when the job holds no lease of
   * `owner` (taken by another, or gone).
   */
  completeRpsJob(owner: string, job: RpsJob, outcome: RpsOutcome): Promise<boolean>;
  /**
   * Puts a leased job back for later: attempts+1, due_at = `dueAt`, lease dropped, the MAC's
   * outcome written (`pending` or `error` with the vendor's words). When the generation moved on
   * only the lease is dropped (the newer intent runs as marked; answers true). Answers false and
   * writes nothing when the job holds no lease of `owner`.
   */
  retryRpsJob(owner: string, job: RpsJob, dueAt: number, outcome: RpsOutcome): Promise<boolean>;
  /** The number of jobs in the outbox (the queue-depth metric). */
  countRpsJobs(): Promise<number>;
  /** The MAC's last outcome, if any (tests; phone reads carry it as `rps_*`). */
  getRpsOutcome(mac: Mac): Promise<RpsOutcome | undefined>;

  /** Adds or replaces the vendor's account (sealed at rest). Publishes no event. */
  putRpsAccount(account: RpsAccount): Promise<void>;
  getRpsAccount(vendor: string): Promise<RpsAccount | undefined>;
  /** Every account, ordered by vendor. */
  listRpsAccounts(): Promise<RpsAccount[]>;
  /** Answers false when there was none. */
  deleteRpsAccount(vendor: string): Promise<boolean>;
}
