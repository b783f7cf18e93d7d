/**
 * @module The miss throttle: per source address, refusals (404s, TFTP ERROR 1) are counted in a
 * window; past the budget the source is throttled for a cooling period, during which its misses
 * are answered `throttled` (HTTP 429 with Retry-After, TFTP ERROR 0) instead of 404. It slows
 * MAC guessing (issue 12: 11,150 404s/s from one client before) and never takes a NAT'd office
 * offline: served files never count and are still served while the source is throttled.
 *
 * The counter is rate-limiter-flexible's: in process memory, or Redis when the store is Redis, so
 * every node shares a source's count (miss-limiter.ts). A counter that fails (Redis down) fails
 * open: the refusal stays a 404, and the failure is logged at most every 10 s.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { REFUSED, type Refused } from '../provisioning/refusal.js';
import type { Protocol } from '../provisioning/types.js';
import type { MissLimiter } from './miss-limiter.js';

export interface MissThrottle {
  /**
   * Counts a miss of `address`; answers `refusal` itself while the source is within its budget,
   * else a `throttled` refusal with the seconds until its misses are 404s again. Never rejects.
   */
  miss(address: string, protocol: Protocol, refusal: Refused): Promise<Refused>;
}

export interface MissThrottleDeps {
  readonly limiter: MissLimiter;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** Longest Retry-After answered, s: a Redis TTL gone wrong must not tell a phone to wait a day. */
const MAX_RETRY_AFTER_S = 3600;

export function createMissThrottle(deps: MissThrottleDeps): MissThrottle {
  const { limiter, logger } = deps;
  const now = deps.now ?? Date.now;
  const throttled = deps.metrics.counter('provd_phone_throttled_total', 'Phone-path misses answered 429 / TFTP ERROR 0 because their source is throttled, by protocol');
  const series = new Map<Protocol, { inc(): void }>();
  let lastFailureLog = -Infinity;

  const count = (protocol: Protocol) => {
    let s = series.get(protocol);
    if (!s) series.set(protocol, (s = throttled.labels({ protocol })));
    s.inc();
  };

  return {
    async miss(address, protocol, refusal) {
      const key = plainAddress(address);
      try {
        const over = await limiter.miss(key);
        if (over === undefined) return refusal;
        count(protocol);
        const retryAfterS = Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil(over.msBeforeNext / 1000)));
        return retryAfterS === 1 ? THROTTLED_1S : { refused: REFUSED.throttled.refused, retryAfterS };
      } catch (err) {
        if (now() - lastFailureLog >= 10_000) {
          lastFailureLog = now();
          logger.warn({ err: String(err) }, 'miss throttle unavailable: refusals answered 404 unthrottled');
        }
        return refusal;
      }
    },
  };
}

// --- internal ---

const THROTTLED_1S: Refused = Object.freeze({ refused: 'throttled', retryAfterS: 1 });

/** `::ffff:192.0.2.1` => `192.0.2.1`: one source, one counter, whichever listener it came through. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
