/**
 * The QR token store contract on memory, SQLite and Redis (Redis under a random prefix, deleted
 * afterwards; skipped with a printed reason without Redis), plus what each backend adds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryQrTokenStore } from '../../src/store/memory-qr.js';
import { createRedisQrTokenStore } from '../../src/store/redis-qr.js';
import { createSqliteQrTokenStore } from '../../src/store/sqlite-qr.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import { expectProvError } from './contract/support.js';
import { describeQrTokenContract, newHash } from './qr-tokens.contract.js';

const root = await mkdtemp(join(tmpdir(), 'provd-qr-'));
let n = 0;
/** A migrated store file (the store opens it first, as the server does). */
const migratedFile = async () => {
  const file = join(root, `db${++n}`, 'provd.sqlite');
  await createSqliteStore({ file }).close();
  return file;
};
afterAll(() => rm(root, { recursive: true, force: true }));

describeQrTokenContract('memory', async () => {
  const store = createMemoryQrTokenStore();
  return { store, cleanup: () => store.close() };
});

describeQrTokenContract('sqlite', async () => {
  const store = createSqliteQrTokenStore({ file: await migratedFile() });
  return { store, cleanup: () => store.close() };
});

describe('sqlite QR token store', () => {
  it('refuses a file the store has not migrated (it would not know the table)', async () => {
    const file = join(root, 'bare.sqlite');
    const Database = (await import('better-sqlite3')).default;
    new Database(file).close();

    await expectProvError((async () => createSqliteQrTokenStore({ file }))(), 'PROV_ERR_STORE_UNAVAILABLE', 'open the store first');
  });

  it('keeps tokens across a restart and holds only their hashes', async () => {
    const file = await migratedFile();
    const hash = newHash();
    const first = createSqliteQrTokenStore({ file });
    await first.put(hash, { user_id: 'u-1', app: 'linphone', expires_at: Date.now() + 60_000 });
    await first.close();

    const second = createSqliteQrTokenStore({ file });
    expect((await second.consume(hash, Date.now()))?.user_id).toBe('u-1');
    await second.close();
  });
});

const available = await redisAvailable();
const PREFIX = `provd-test-qr-${randomBytes(6).toString('hex')}:`;

describe.skipIf(!available)('redis', () => {
  const admin = available ? new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
  let k = 0;
  afterAll(async () => {
    if (!admin) return;
    const keys = await admin.keys(`${PREFIX}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  describeQrTokenContract('redis', async () => {
    const store = createRedisQrTokenStore({ url: redisUrl(), prefix: `${PREFIX}${++k}:` });
    return { store, cleanup: () => store.close() };
  });

  it('lets Redis expire a token with its record', async () => {
    const prefix = `${PREFIX}ttl:`;
    const store = createRedisQrTokenStore({ url: redisUrl(), prefix });
    const hash = newHash();
    await store.put(hash, { user_id: 'u-1', app: 'zoiper', expires_at: Date.now() + 30_000 });

    const ttl = await admin!.pttl(`${prefix}qr:t:${hash}`);

    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await store.close();
  });
});
