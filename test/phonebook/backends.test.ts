/**
 * The phonebook on each store backend (memory, SQLite, Redis): listed in pages in creation order
 * without missing or repeating a user, and any user change reaches the first listing after its
 * `user` event (memory and SQLite emit it before the write call returns; Redis delivers it over
 * pub/sub, to the writing node too, a moment later).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createPhonebook } from '../../src/phonebook/phonebook.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { storedUser } from '../helpers/directory-fixture.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';

const redis = await redisAvailable();
const PREFIX = `provd-test-${randomBytes(6).toString('hex')}:`;
const dataDir = mkdtempSync(join(tmpdir(), 'provd-phonebook-backends-'));
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (!redis) return;
  const admin = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  const keys = await admin.keys(`${PREFIX}*`);
  if (keys.length) await admin.del(...keys);
  await admin.quit();
});

const BACKENDS = [
  { kind: 'memory' as const, run: true },
  { kind: 'sqlite' as const, run: true },
  { kind: 'redis' as const, run: redis },
];

describe.each(BACKENDS)('phonebook on the $kind store', ({ kind, run }) => {
  it.skipIf(!run)('lists every enabled user across pages once, and sees each change at the next request', async () => {
    const store: Store = createStore({ kind, dataDir: join(dataDir, kind), redisUrl: redisUrl(), redisPrefix: PREFIX });
    const phonebook = createPhonebook({ store, scope: 'all', pageSize: 4 });
    try {
      for (let i = 1; i <= 10; i++) await store.insertUser(storedUser(i, { display_name: `Person ${String(i).padStart(2, '0')}` }));
      const ext = async () => (await phonebook.entries('all')).map((e) => e.extension);
      /** Runs `write` and waits for the store's `user` event it causes. */
      const changed = async (write: () => Promise<unknown>) => {
        let off = () => {};
        const event = new Promise<void>((resolve) => (off = store.subscribe((e) => e.kind === 'user' && resolve())));
        await write();
        await event;
        off();
      };
      expect(await ext()).toEqual(['101', '102', '103', '104', '105', '106', '107', '108', '109', '110']);

      await changed(() => store.insertUser(storedUser(11, { display_name: 'Person 00' })));
      expect((await ext())[0]).toBe('111');
      await changed(() => store.updateUser('u-0003', (u) => ({ ...u, enabled: false })));
      expect(await ext()).not.toContain('103');
      await changed(() => store.deleteUser('u-0004'));
      expect(await ext()).toHaveLength(9);
    } finally {
      phonebook.close();
      await store.close();
    }
  });
});
