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
  /** The URL the service holds for the MAC after a successful register. */
  readonly url?: string;
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
 * `pending` (message kept empty). Marks publish no extra event.
 */
export interface RpsStore {
  /** Marks `mac` again (retry, override) without a phone write. Answers false when no phone has the MAC. */
  markRps(mac: Mac, options?: { readonly override?: boolean }): Promise<boolean>;
  /**
   * Leases up to `limit` jobs that are due (`due_at <= now`) and not leased by a live lease
   * (another owner's lease that expired counts as free), to `owner` until `now + leaseMs`,
   * atomically: two callers never lease the same job at the same time. Oldest `due_at` first.
   */
  leaseRpsJobs(owner: string, now: number, leaseMs: number, limit: number): Promise<RpsJob[]>;
  /**
   * Ends a leased job: writes the MAC's `outcome`, and deletes the job when its generation is
   * still `job.generation`; a job marked meanwhile stays (due now, lease dropped) and the
   * outcome is written only if it is not `pending` already. Only `owner`'s lease counts:
   * answers false and writes nothing when the lease is gone (expired and taken by another).
   */
  completeRpsJob(owner: string, job: RpsJob, outcome: RpsOutcome): Promise<boolean>;
  /**
   * Puts a leased job back for later: attempts+1, due_at = `dueAt`, lease dropped, the MAC's
   * outcome written (`pending` or `error` with the vendor's words). No-op when the generation
   * moved on (then only the lease is dropped) or the lease is not `owner`'s (answers false).
   */
  retryRpsJob(owner: string, job: RpsJob, dueAt: number, outcome: RpsOutcome): Promise<boolean>;
  /** The number of jobs in the outbox (the queue-depth metric). */
  countRpsJobs(): Promise<number>;
  /** The MAC's last outcome, if any (tests; phone reads carry it as `rps_*`). */
  getRpsOutcome(mac: Mac): Promise<RpsOutcome | undefined>;

  /** Adds or replaces the vendor's account (sealed at rest). */
  putRpsAccount(account: RpsAccount): Promise<void>;
  getRpsAccount(vendor: string): Promise<RpsAccount | undefined>;
  listRpsAccounts(): Promise<RpsAccount[]>;
  /** Answers false when there was none. */
  deleteRpsAccount(vendor: string): Promise<boolean>;
}
