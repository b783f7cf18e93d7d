/**
 * The unknown-device table contract on memory, SQLite and Redis (Redis under a random prefix,
 * deleted afterwards; skipped with a printed reason without Redis).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createMemoryUnknownPhoneStore } from '../../src/store/memory-unknown.js';
import { createRedisUnknownPhoneStore } from '../../src/store/redis-unknown.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { createSqliteUnknownPhoneStore } from '../../src/store/sqlite-unknown.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import { describeUnknownPhoneContract } from './unknown-phones.contract.js';

const root = await mkdtemp(join(tmpdir(), 'provd-unknown-'));
let n = 0;
afterAll(() => rm(root, { recursive: true, force: true }));

describeUnknownPhoneContract('memory', async (maxEntries) => {
  const store = createMemoryUnknownPhoneStore(maxEntries);
  return { store, cleanup: () => store.close() };
});

describeUnknownPhoneContract('sqlite', async (maxEntries) => {
  const file = join(root, `db${++n}`, 'provd.sqlite');
  await createSqliteStore({ file }).close(); // migrates the file, as the server does
  const store = createSqliteUnknownPhoneStore({ file, maxEntries });
  return { store, cleanup: () => store.close() };
});

const available = await redisAvailable();
describe.skipIf(!available)('on Redis', () => {
  describeUnknownPhoneContract('redis', async (maxEntries) => {
    const prefix = `provd-test-unknown-${randomBytes(6).toString('hex')}:`;
    const client = new Redis(redisUrl());
    const store = createRedisUnknownPhoneStore({ url: redisUrl(), prefix, client, maxEntries });
    return {
      store,
      async cleanup() {
        const keys = await client.keys(`${prefix}*`);
        if (keys.length) await client.del(...keys);
        await store.close();
        client.disconnect();
      },
    };
  });
});
