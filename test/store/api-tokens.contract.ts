/**
 * @module The API token store contract (src/store/token-types.ts): behaviour every backend must
 * have. `describeApiTokenContract(name, open)` runs it against a fresh store per test.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiTokenRecord, ApiTokenStore } from '../../src/store/token-types.js';

/** A fresh store and how to clean it up. */
export type OpenApiTokenStore = () => Promise<{ readonly store: ApiTokenStore; readonly cleanup: () => Promise<void> }>;

/** A random token hash, as the identity service makes them. */
export const newTokenHash = () => createHash('sha256').update(randomBytes(32)).digest('hex');

/** A valid record (overrides win). */
export const tokenRecord = (overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id: randomUUID(),
  hash: newTokenHash(),
  name: 'helpdesk',
  role: 'Admin',
  user_id: null,
  created_at: '2026-03-01T12:00:00.000Z',
  ...overrides,
});

export function describeApiTokenContract(name: string, open: OpenApiTokenStore): void {
  describe(`API token store contract: ${name}`, () => {
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

    it('finds a stored record by its hash, with every field as stored', async () => {
      const store = await fresh();
      const admin = tokenRecord();
      const self = tokenRecord({ name: 'alice app', role: 'StandardUser', user_id: 'u-1' });
      await store.insert(admin);
      await store.insert(self);

      expect(await store.findByHash(admin.hash)).toStrictEqual(admin);
      expect(await store.findByHash(self.hash)).toStrictEqual(self);
    });

    it('answers nothing for an unknown hash', async () => {
      const store = await fresh();
      await store.insert(tokenRecord());

      expect(await store.findByHash(newTokenHash())).toBeUndefined();
    });

    it('lists every record oldest first, ties by id', async () => {
      const store = await fresh();
      const late = tokenRecord({ created_at: '2026-03-02T00:00:00.000Z' });
      const tieB = tokenRecord({ id: 'b-id' });
      const tieA = tokenRecord({ id: 'a-id' });
      for (const r of [late, tieB, tieA]) await store.insert(r);

      expect(await store.list()).toStrictEqual([tieA, tieB, late]);
    });

    it('removes a record by id: answered once, then not found by its hash nor listed', async () => {
      const store = await fresh();
      const gone = tokenRecord();
      const kept = tokenRecord({ name: 'kept' });
      await store.insert(gone);
      await store.insert(kept);

      expect(await store.remove(gone.id)).toStrictEqual(gone);

      expect(await store.remove(gone.id)).toBeUndefined();
      expect(await store.findByHash(gone.hash)).toBeUndefined();
      expect(await store.list()).toStrictEqual([kept]);
      expect(await store.findByHash(kept.hash)).toStrictEqual(kept);
    });

    it('refuses a second record with the same id or the same hash, keeping the first', async () => {
      const store = await fresh();
      const first = tokenRecord();
      await store.insert(first);

      await expect(store.insert(tokenRecord({ id: first.id }))).rejects.toThrow();
      await expect(store.insert(tokenRecord({ hash: first.hash }))).rejects.toThrow();

      expect(await store.list()).toStrictEqual([first]);
      expect(await store.findByHash(first.hash)).toStrictEqual(first);
    });
  });
}
