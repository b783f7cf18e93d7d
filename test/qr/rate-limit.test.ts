/** The in-process rate limiter of door QR codes: a fixed window per key, bounded memory. */
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/qr/rate-limit.js';

describe('createRateLimiter', () => {
  it('allows `limit` takes per key and window, then says how long to wait', () => {
    const clock = { t: 0 };
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, now: () => clock.t });

    const first = [limiter.take('a'), limiter.take('a')];
    clock.t = 15_000;
    const third = limiter.take('a');

    expect(first.every((r) => r.ok)).toBe(true);
    expect(third).toStrictEqual({ ok: false, retryAfterSeconds: 45 });
    expect(limiter.take('b').ok).toBe(true);
  });

  it('opens a new window once the old one ended', () => {
    const clock = { t: 0 };
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, now: () => clock.t });
    limiter.take('a');

    clock.t = 1_000;

    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('keeps at most maxKeys keys, dropping the oldest', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');

    limiter.take('c');

    // 'a' was forgotten: it may take again; 'c' is still counted.
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('c').ok).toBe(false);
  });
});
