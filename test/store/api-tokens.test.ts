/**
 * The API token store contract on memory, SQLite and Redis (Redis under a random prefix, deleted
 * afterwards; skipped with a printed reason without Redis), plus: what is at rest holds the
 * token's hash only, and tokens survive a restart.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { hashApiToken, newApiToken } from '../../src/identity/token.js';
import { createMemoryApiTokenStore } from '../../src/store/memory-tokens.js';
import { createRedisApiTokenStore } from '../../src/store/redis-tokens.js';
import { createSqliteApiTokenStore } from '../../src/store/sqlite-tokens.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import { describeApiTokenContract, tokenRecord } from './api-tokens.contract.js';

const root = await mkdtemp(join(tmpdir(), 'provd-tokens-'));
let n = 0;
/** A migrated store file (the store opens it first, as the server does). */
const migratedFile = async () => {
  const file = join(root, `db${++n}`, 'provd.sqlite');
  await createSqliteStore({ file }).close();
  return file;
};
afterAll(() => rm(root, { recursive: true, force: true }));

describeApiTokenContract('memory', async () => {
  const store = createMemoryApiTokenStore();
  return { store, cleanup: () => store.close() };
});

describeApiTokenContract('sqlite', async () => {
  const store = createSqliteApiTokenStore({ file: await migratedFile() });
  return { store, cleanup: () => store.close() };
});

describe('sqlite API token store', () => {
  it('keeps tokens across a restart, and the file holds the hash, never the token', async () => {
    const file = await migratedFile();
    const token = newApiToken();
    const record = tokenRecord({ hash: hashApiToken(token) });
    const first = createSqliteApiTokenStore({ file });
    await first.insert(record);
    await first.close();

    const second = createSqliteApiTokenStore({ file });
    expect(await second.findByHash(hashApiToken(token))).toStrictEqual(record);
    await second.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT * FROM api_tokens').all()).toStrictEqual([record]);
    raw.close();
    const bytes = Buffer.concat([await readFile(file), await readFile(`${file}-wal`).catch(() => Buffer.alloc(0))]);
    expect(bytes.includes(Buffer.from(record.hash))).toBe(true);
    expect(bytes.includes(Buffer.from(token))).toBe(false);
  });
});

const available = await redisAvailable();
const PREFIX = `provd-test-apitok-${randomBytes(6).toString('hex')}:`;

describe.skipIf(!available)('redis', () => {
  const admin = available ? new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
  let k = 0;
  afterAll(async () => {
    if (!admin) return;
    const keys = await admin.keys(`${PREFIX}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  describeApiTokenContract('redis', async () => {
    const store = createRedisApiTokenStore({ url: redisUrl(), prefix: `${PREFIX}${++k}:` });
    return { store, cleanup: () => store.close() };
  });

  it('holds the hash, never the token, in every key and value', async () => {
    const prefix = `${PREFIX}raw:`;
    const store = createRedisApiTokenStore({ url: redisUrl(), prefix });
    const token = newApiToken();
    const record = tokenRecord({ hash: hashApiToken(token) });
    await store.insert(record);

    const keys = await admin!.keys(`${prefix}*`);
    const values = [await admin!.get(`${prefix}tok:h:${record.hash}`), ...(await admin!.hvals(`${prefix}tok:ids`))];

    expect(keys.sort()).toStrictEqual([`${prefix}tok:h:${record.hash}`, `${prefix}tok:ids`]);
    expect(values.map((v) => JSON.parse(v!))).toStrictEqual([record, record]);
    expect([...keys, ...values].join('\n')).not.toContain(token);
    await store.close();
  });
});
