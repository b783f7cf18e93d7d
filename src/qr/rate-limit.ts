/**
 * @module A small in-process rate limiter: at most `limit` takes per key in a fixed window.
 * Per process (a cluster's admin API runs in one process, the primary). Memory is bounded: past
 * `maxKeys` keys, windows that ended are dropped, then the oldest.
 */

export interface RateLimiter {
  /** Counts one request of `key`: `retryAfterSeconds` is set when it is over the limit. */
  take(key: string): { readonly ok: boolean; readonly retryAfterSeconds: number };
}

export interface RateLimiterOptions {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxKeys?: number;
  readonly now?: () => number;
}

export function createRateLimiter({ limit, windowMs, maxKeys = 10_000, now = Date.now }: RateLimiterOptions): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const prune = (t: number) => {
    for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
    // Still full: the oldest first (a Map iterates in insertion order).
    for (const k of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(k);
    }
  };
  return {
    take(key) {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        if (!w && windows.size >= maxKeys) prune(t);
        windows.delete(key);
        windows.set(key, (w = { start: t, count: 0 }));
      }
      w.count++;
      return w.count <= limit ? { ok: true, retryAfterSeconds: 0 } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
    },
  };
}
