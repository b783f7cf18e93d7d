import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../../src/redirect/jobs/backoff.js';

const policy = { baseMs: 100, capMs: 1_000, maxAttempts: 5 };

describe('retryDelay (exponential backoff, full jitter)', () => {
  it('doubles the upper bound per failed attempt, from the base', () => {
    const highest = (failed: number) => retryDelay(policy, failed, () => 0.999_999);

    expect([1, 2, 3, 4].map(highest)).toEqual([99, 199, 399, 799]);
  });

  it('never waits longer than the cap', () => {
    const wide = { ...policy, maxAttempts: 100 };

    expect(retryDelay(wide, 60, () => 0.999_999)).toBe(999);
    expect(retryDelay(wide, 99, () => 0.999_999)).toBe(999);
  });

  it('draws the delay anywhere between 0 and the bound (full jitter)', () => {
    expect(retryDelay(policy, 3, () => 0)).toBe(0);
    expect(retryDelay(policy, 3, () => 0.5)).toBe(200);
  });

  it('answers no delay once the attempts are used up', () => {
    expect(retryDelay(policy, 4, () => 0.5)).toBeTypeOf('number');
    expect(retryDelay(policy, 5, () => 0.5)).toBeUndefined();
  });

  it('defaults to 2 s doubling up to 5 min, 10 attempts', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ baseMs: 2_000, capMs: 300_000, maxAttempts: 10 });
  });
});
