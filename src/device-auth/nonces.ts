/**
 * @module Server-side Digest nonces (RFC 7616 §3.3): stateless to issue, checked on use, and each
 * (nonce, nc) pair accepted at most once.
 *
 * A nonce is base64url(issue time ms, 6 bytes | 9 random bytes | HMAC-SHA256 of both, first 16
 * bytes), 42 characters. The HMAC key is made in process at start and never leaves it: a nonce is
 * only good at the process that issued it, so the replay tracking below sees every use of it (a
 * cluster worker that gets another worker's nonce answers `stale`, and the phone retries with a
 * fresh one without asking anyone for a password).
 *
 * Replay tracking keeps, per nonce in use, the highest `nc` accepted and a 32-bit window of the
 * ones below it (as IPsec does), so requests sent in parallel on one nonce may arrive out of order.
 * Memory is bounded: at most `maxTracked` nonces; past it the least recently first-used one is
 * forgotten, and every nonce issued no later than a forgotten one is answered `stale` from then on
 * (never accepted again unseen, so forgetting can never let a replay through).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface NonceOptions {
  /** How long a nonce is good for after it was issued, ms. */
  readonly ttlMs: number;
  /** Nonces whose `nc` use is tracked at once (default 100,000; about 100 bytes each). */
  readonly maxTracked?: number;
  readonly now?: () => number;
  /** Tests only: a fixed HMAC key. */
  readonly key?: Buffer;
}

/** What `check` says of a nonce presented with an `nc`. */
export type NonceCheck = 'ok' | 'stale' | 'invalid';

export interface Nonces {
  /** A fresh nonce (issue time now). */
  issue(): string;
  /**
   * Whether `nonce` is one of ours and still good: `stale` when it expired (or was forgotten),
   * `invalid` when it is not ours at all. Does not record anything.
   */
  validity(nonce: string): NonceCheck;
  /**
   * Records the use of (nonce, nc) after the response was verified; false when this pair (or an
   * nc more than 32 below the highest seen) was already used: a replay.
   */
  use(nonce: string, nc: number): boolean;
  /** Tracked nonces now (for tests and metrics). */
  readonly size: number;
}

const TIME_BYTES = 6;
const RANDOM_BYTES = 9;
const MAC_BYTES = 16;
const NONCE_BYTES = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;
const WINDOW = 32;

interface Seen {
  readonly issuedAt: number;
  max: number;
  /** Bit i set: nc `max - i` was used. */
  window: number;
}

export function createNonces(options: NonceOptions): Nonces {
  const key = options.key ?? randomBytes(32);
  const now = options.now ?? Date.now;
  const maxTracked = options.maxTracked ?? 100_000;
  const tracked = new Map<string, Seen>();
  // Nonces issued at or before this time and not tracked are no longer trusted unseen.
  let forgottenUpTo = -Infinity;

  const sign = (head: Buffer) => createHmac('sha256', key).update(head).digest().subarray(0, MAC_BYTES);
  const issuedAt = (nonce: string): number | undefined => {
    if (nonce.length !== 42) return undefined;
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== NONCE_BYTES) return undefined;
    const head = raw.subarray(0, TIME_BYTES + RANDOM_BYTES);
    if (!timingSafeEqual(sign(head), raw.subarray(TIME_BYTES + RANDOM_BYTES))) return undefined;
    return raw.readUIntBE(0, TIME_BYTES);
  };
  const expired = (at: number) => now() - at > options.ttlMs;
  /** Drops expired nonces from the front (oldest first-use first), then the oldest past the cap. */
  const prune = () => {
    for (const [nonce, seen] of tracked) {
      if (!expired(seen.issuedAt) && tracked.size < maxTracked) break;
      tracked.delete(nonce);
      forgottenUpTo = Math.max(forgottenUpTo, seen.issuedAt);
    }
  };

  return {
    issue() {
      const head = Buffer.alloc(TIME_BYTES + RANDOM_BYTES);
      head.writeUIntBE(now(), 0, TIME_BYTES);
      randomBytes(RANDOM_BYTES).copy(head, TIME_BYTES);
      return Buffer.concat([head, sign(head)]).toString('base64url');
    },
    validity(nonce) {
      const at = issuedAt(nonce);
      if (at === undefined) return 'invalid';
      if (expired(at) || (at <= forgottenUpTo && !tracked.has(nonce))) return 'stale';
      return 'ok';
    },
    use(nonce, nc) {
      const seen = tracked.get(nonce);
      if (!seen) {
        const at = issuedAt(nonce);
        if (at === undefined) return false;
        prune();
        tracked.set(nonce, { issuedAt: at, max: nc, window: 1 });
        return true;
      }
      if (nc > seen.max) {
        const shift = nc - seen.max;
        seen.window = shift >= WINDOW ? 1 : ((seen.window << shift) | 1) >>> 0;
        seen.max = nc;
        return true;
      }
      const back = seen.max - nc;
      if (back >= WINDOW) return false;
      const bit = (1 << back) >>> 0;
      if (seen.window & bit) return false;
      seen.window = (seen.window | bit) >>> 0;
      return true;
    },
    get size() {
      return tracked.size;
    },
  };
}
