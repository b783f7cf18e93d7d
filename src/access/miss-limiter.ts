/**
 * @module The miss counter behind the throttle, on rate-limiter-flexible: `misses` points per
 * `windowS` per source; the miss past them blocks the source for `blockS`. Memory (one process)
 * or Redis (every node counts together; keys `<prefix>throttle:<address>` expire by themselves).
 * On Redis a blocked source is remembered in process too, so a throttled scanner's misses cost no
 * Redis round trip; when Redis fails, an in-memory counter stands in (insurance) until it is back.
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
        // Blocked keys answer from memory until their block ends (no round trip per scanner miss).
        inMemoryBlockOnConsumed: settings.misses + 1,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    async miss(key) {
      try {
        await limiter.consume(key);
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { msBeforeNext: rejection.msBeforeNext };
        throw rejection;
      }
    },
  };
}
