/** Server-side nonces: HMAC-checked, expiring, each (nonce, nc) accepted once, bounded memory that never lets a replay through. */
import { describe, expect, it } from 'vitest';
import { createNonces } from '../../src/device-auth/nonces.js';

function clock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('createNonces', () => {
  it('accepts its own fresh nonce and refuses a forged or altered one', () => {
    const nonces = createNonces({ ttlMs: 60_000 });
    const nonce = nonces.issue();
    const altered = (nonce[0] === 'A' ? 'B' : 'A') + nonce.slice(1);

    expect(nonces.validity(nonce)).toBe('ok');
    expect(nonces.validity(altered)).toBe('invalid');
    expect(nonces.validity('x'.repeat(42))).toBe('invalid');
    expect(createNonces({ ttlMs: 60_000 }).validity(nonce)).toBe('invalid'); // another process's key
  });

  it('answers stale once the nonce is older than its ttl', () => {
    const c = clock();
    const nonces = createNonces({ ttlMs: 1_000, now: c.now });
    const nonce = nonces.issue();

    c.t += 1_000;
    expect(nonces.validity(nonce)).toBe('ok');
    c.t += 1;
    expect(nonces.validity(nonce)).toBe('stale');
  });

  it('accepts each nc once, in any order within the 32-wide window', () => {
    const nonces = createNonces({ ttlMs: 60_000 });
    const nonce = nonces.issue();

    expect(nonces.use(nonce, 1)).toBe(true);
    expect(nonces.use(nonce, 1)).toBe(false);
    expect(nonces.use(nonce, 5)).toBe(true);
    expect(nonces.use(nonce, 3)).toBe(true);
    expect(nonces.use(nonce, 3)).toBe(false);
    expect(nonces.use(nonce, 5)).toBe(false);
    expect(nonces.use(nonce, 40)).toBe(true);
    expect(nonces.use(nonce, 8)).toBe(false); // more than 32 below the highest: refused
    expect(nonces.use(nonce, 39)).toBe(true);
  });

  it('keeps at most maxTracked nonces and answers stale for an older one it no longer tracks', () => {
    const c = clock();
    const nonces = createNonces({ ttlMs: 60_000, maxTracked: 3, now: c.now });
    const issued = Array.from({ length: 5 }, () => {
      c.t += 10;
      return nonces.issue();
    });

    for (const n of issued) expect(nonces.use(n, 1)).toBe(true);

    expect(nonces.size).toBe(3);
    // The forgotten ones are never accepted unseen again: a replay of them is refused as stale.
    expect(nonces.validity(issued[0]!)).toBe('stale');
    expect(nonces.validity(issued[1]!)).toBe('stale');
    expect(nonces.validity(issued[4]!)).toBe('ok');
    expect(nonces.use(issued[4]!, 1)).toBe(false);
  });

  it('forgets expired nonces first', () => {
    const c = clock();
    const nonces = createNonces({ ttlMs: 100, now: c.now });
    nonces.use(nonces.issue(), 1);
    nonces.use(nonces.issue(), 1);

    c.t += 101;
    nonces.use(nonces.issue(), 1);

    expect(nonces.size).toBe(1);
  });
});
