/**
 * @module Calls to one vendor's service are spaced out: a token bucket per vendor (PROV_RPS_RATE
 * calls per second, a burst of that many), shared by every job of this process. A service that
 * throttles (HTTP 429) or blocks an account on bursts is never hit harder than the rate, whatever
 * the size of an import.
 */

export interface RateLimiter {
  /**
   * Resolves when a call to `vendor` may be made (a token taken), or rejects with `signal`'s
   * reason when it is aborted first (the runner stops, the job's time is up).
   */
  take(vendor: string, signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  /** Calls per second per vendor (> 0; fractions allowed: 0.5 is one call every 2 s). */
  readonly perSecond: number;
  /** Tokens a bucket holds at most (default: perSecond, at least 1). */
  readonly burst?: number;
  readonly now?: () => number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perSecond } = options;
  if (!(perSecond > 0)) throw new RangeError(`calls per second must be > 0, not ${perSecond}`);
  const burst = options.burst ?? Math.max(1, perSecond);
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes a token now, or answers how many ms until one is there. */
  const tryTake = (vendor: string): number => {
    const t = now();
    let bucket = buckets.get(vendor);
    if (!bucket) buckets.set(vendor, (bucket = { tokens: burst, at: t }));
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) * perSecond) / 1000);
    bucket.at = t;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 1000) / perSecond);
  };

  return {
    async take(vendor, signal) {
      for (;;) {
        signal?.throwIfAborted();
        const wait = tryTake(vendor);
        if (wait === 0) return;
        await sleep(wait, signal);
      }
    },
  };
}

// --- internal ---

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
