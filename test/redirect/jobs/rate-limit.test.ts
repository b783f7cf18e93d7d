import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/redirect/jobs/rate-limit.js';

describe('createRateLimiter (token bucket per vendor)', () => {
  it('lets a burst through at once, then spaces the calls 1/perSecond apart', async () => {
    let t = 0;
    const limiter = createRateLimiter({ perSecond: 20, burst: 2, now: () => t });
    await limiter.take('yealink');
    await limiter.take('yealink');

    let third = false;
    const waiting = limiter.take('yealink').then(() => (third = true));
    await new Promise((r) => setTimeout(r, 10));
    const blocked = !third;
    t = 50; // one token more 1/20 s later
    await waiting;

    expect(blocked).toBe(true);
    expect(third).toBe(true);
  });

  it('keeps one bucket per vendor', async () => {
    const limiter = createRateLimiter({ perSecond: 1, now: () => 0 });
    await limiter.take('yealink');

    const started = Date.now();
    await limiter.take('snom');

    expect(Date.now() - started).toBeLessThan(50);
  });

  it('waits in real time when no clock is given (10 calls/s: the 12th call after about 100-200 ms)', async () => {
    const limiter = createRateLimiter({ perSecond: 10 });
    const started = Date.now();

    for (let i = 0; i < 12; i++) await limiter.take('fanvil');

    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('stops waiting with the signal, rejecting with its reason', async () => {
    const limiter = createRateLimiter({ perSecond: 0.01, now: () => 0 });
    await limiter.take('htek');
    const controller = new AbortController();

    const waiting = limiter.take('htek', controller.signal);
    controller.abort(new Error('stopping'));

    await expect(waiting).rejects.toThrow('stopping');
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow(RangeError);
  });
});
