/**
 * @module The QR token store contract (src/store/qr-types.ts): behaviour every backend must
 * have. `describeQrTokenContract(name, open)` runs it against a fresh store per test.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { QrTokenRecord, QrTokenStore } from '../../src/store/qr-types.js';

/** A fresh store and how to clean it up. */
export type OpenQrTokenStore = () => Promise<{ readonly store: QrTokenStore; readonly cleanup: () => Promise<void> }>;

/** A random token hash, as the token service makes them. */
export const newHash = () => createHash('sha256').update(randomBytes(32)).digest('hex');

export function describeQrTokenContract(name: string, open: OpenQrTokenStore): void {
  describe(`QR token store contract: ${name}`, () => {
    let cleanups: (() => Promise<void>)[] = [];
    const fresh = async () => {
      const { store, cleanup } = await open();
      cleanups.push(cleanup);
      return store;
    };
    afterEach(async () => {
      await Promise.all(cleanups.map((c) => c()));
      cleanups = [];
    });
    const now = Date.now();
    const record = (overrides: Partial<QrTokenRecord> = {}): QrTokenRecord => ({ user_id: 'u-1', app: 'linphone', expires_at: now + 60_000, ...overrides });

    it('answers a stored record once, then nothing', async () => {
      const store = await fresh();
      const hash = newHash();
      await store.put(hash, record());

      expect(await store.consume(hash, now)).toStrictEqual(record());
      expect(await store.consume(hash, now)).toBeUndefined();
    });

    it('answers nothing for an unknown hash', async () => {
      const store = await fresh();
      expect(await store.consume(newHash(), now)).toBeUndefined();
    });

    it('gives the record to exactly one of many concurrent consumers', async () => {
      const store = await fresh();
      const hash = newHash();
      await store.put(hash, record());

      const answers = await Promise.all(Array.from({ length: 12 }, () => store.consume(hash, now)));

      expect(answers.filter((a) => a !== undefined)).toStrictEqual([record()]);
    });

    it('answers nothing once the record expired, and nothing afterwards', async () => {
      const store = await fresh();
      const hash = newHash();
      await store.put(hash, record({ expires_at: now + 1_000 }));

      expect(await store.consume(hash, now + 1_000)).toBeUndefined();
      expect(await store.consume(hash, now)).toBeUndefined();
    });

    it('revokes every token of one user and only those', async () => {
      const store = await fresh();
      const mine = [newHash(), newHash(), newHash()];
      const theirs = newHash();
      for (const h of mine) await store.put(h, record({ user_id: 'u-revoked' }));
      await store.put(theirs, record({ user_id: 'u-kept', app: 'zoiper' }));

      expect(await store.revokeUser('u-revoked')).toBe(3);

      for (const h of mine) expect(await store.consume(h, now)).toBeUndefined();
      expect(await store.consume(theirs, now)).toStrictEqual(record({ user_id: 'u-kept', app: 'zoiper' }));
      expect(await store.revokeUser('u-revoked')).toBe(0);
    });

    it('keeps tokens of a user apart: consuming one leaves the others', async () => {
      const store = await fresh();
      const [a, b] = [newHash(), newHash()];
      await store.put(a, record());
      await store.put(b, record({ app: 'zoiper' }));

      await store.consume(a, now);

      expect(await store.consume(b, now)).toStrictEqual(record({ app: 'zoiper' }));
    });
  });
}
