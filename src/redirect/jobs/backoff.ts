/**
 * @module When a job that failed with `unavailable` runs again: exponential backoff with full
 * jitter (a random delay between 0 and min(cap, base * 2^attempt)), so many phones refused by a
 * service that is down do not come back in step. After `maxAttempts` failed attempts the job ends
 * with outcome `error`.
 */

/** How `unavailable` is retried. */
export interface RetryPolicy {
  /** Upper bound of the first delay (ms). */
  readonly baseMs: number;
  /** No delay is longer (ms). */
  readonly capMs: number;
  /** Attempts in all (the first one included) before the job ends with `error`. */
  readonly maxAttempts: number;
}

/**
 * The defaults (PROV_RPS_RETRY_BASE, PROV_RPS_RETRY_CAP, PROV_RPS_RETRY_MAX): 2 s, doubling up to
 * 5 min, 10 attempts, which spreads the attempts over about 20 minutes at most.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ baseMs: 2_000, capMs: 300_000, maxAttempts: 10 });

/**
 * The delay before the next attempt, after `failed` failed attempts (1 after the first failure),
 * or undefined when no attempt is left.
 * @example retryDelay({ baseMs: 100, capMs: 1000, maxAttempts: 5 }, 3, () => 0.5) // => 200 (half of 400)
 */
export function retryDelay(policy: RetryPolicy, failed: number, random: () => number = Math.random): number | undefined {
  if (failed >= policy.maxAttempts) return undefined;
  // 2^(failed-1) grows past any cap quickly; stop the exponent before it loses meaning.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failed - 1, 40));
  return Math.floor(random() * ceiling);
}
