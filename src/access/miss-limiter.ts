/**
 * @module The miss counter behind the throttle, on rate-limiter-flexible: `misses` points per
 * `windowS` per source; the miss past them blocks the source for `blockS`. Memory (one process)
 * or Redis (every node counts together; keys `<prefix>throttle:<address>` expire by themselves).
 * On Redis a blocked source is remembered in process until its block ends (the remaining time
 * Redis answered), so a throttled scanner's misses cost no Redis round trip; when Redis fails, an
 * in-memory counter stands in (insurance) until it is back.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface ThrottleSettings {
  /** Misses allowed per source and window (1-100,000). */
  readonly misses: number;
  /** The window, seconds. */
  readonly windowS: number;
  /** How long a source over its budget stays throttled, seconds. */
  readonly blockS: number;
}

export interface MissLimiter {
  /** Counts a miss: undefined while within budget, else how long the source stays throttled. Rejects when the counter fails. */
  miss(key: string): Promise<{ readonly msBeforeNext: number } | undefined>;
}

/** A Redis connection (ioredis) for the shared counter, and the key prefix (PROV_REDIS_PREFIX). */
export interface RedisCounter {
  readonly client: unknown;
  readonly prefix: string;
}

export function createMissLimiter(settings: ThrottleSettings, redis?: RedisCounter): MissLimiter {
  const base = { points: settings.misses, duration: settings.windowS, blockDuration: settings.blockS };
  const memory = new RateLimiterMemory({ ...base, keyPrefix: 'miss' });
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({
        ...base,
        storeClient: redis.client,
        keyPrefix: `${redis.prefix}throttle`,
        insuranceLimiter: memory,
      })
    : memory;
  // rate-limiter-flexible's own in-memory block skips the Redis block period (it blocks for the
  // rest of the window only), so blocked sources are remembered here: key => end of block (ms).
  const blocked = redis ? new Map<string, number>() : undefined;
  return {
    async miss(key) {
      const until = blocked?.get(key);
      if (until !== undefined) {
        const left = until - Date.now();
        if (left > 0) return { msBeforeNext: left };
        blocked!.delete(key);
      }
      try {
        await limiter.consume(key);
        return undefined;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        if (blocked) {
          if (blocked.size >= MAX_BLOCKED) blocked.delete(blocked.keys().next().value as string);
          blocked.set(key, Date.now() + rejection.msBeforeNext);
        }
        return { msBeforeNext: rejection.msBeforeNext };
      }
    },
  };
}

/** Blocked sources remembered per process (a spoofed flood beyond it just costs round trips). */
const MAX_BLOCKED = 10_000;
