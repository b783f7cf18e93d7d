/**
 * Secrets at rest in the running server (issue 9, §3), through the admin API and the phone path,
 * on SQLite and on Redis: what a copy of the SQLite file and its WAL, or every value under the
 * Redis prefix, holds; records an older version stored plain sealed at the next start; the data
 * folder made private at start. Before this change the stores wrote every secret plain and the
 * data folder was 0755 with 0644 files.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../src/domain/network.js';
import { PLAIN_CODEC } from '../../src/store/codec.js';
import { createRedisStore } from '../../src/store/redis.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import { phoneWithSecrets, plainSecretsIn, redisBytes, sqliteBytes, userWithSecrets } from '../helpers/secrets-dump.js';
import { createWithSecrets, expectPhoneFile, getAnswers, leakedIn } from './app-support.js';

const redisUp = await redisAvailable();
const admin = redisUp ? new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
afterAll(async () => {
  await admin?.quit();
});

/** One test's data on a backend: the server's environment, its raw bytes, a store writing as the version before sealing did. */
interface BackendData {
  readonly env: Record<string, string>;
  rawBytes(): Promise<Buffer>;
  /** A store over the same data writing records plain; `finish` closes it and leaves the data as that version left it. */
  oldStore(): { store: Store; finish(): Promise<void> };
  cleanup(): Promise<void>;
}

interface Backend {
  readonly name: string;
  readonly skip: boolean;
  open(dataDir: string): BackendData;
}

const sqlite: Backend = {
  name: 'sqlite',
  skip: false,
  open(dataDir) {
    const file = join(dataDir, 'provd.sqlite');
    return {
      env: { PROV_DATA_DIR: dataDir, PROV_STORE: 'sqlite' },
      rawBytes: async () => sqliteBytes(file),
      oldStore() {
        const store = createSqliteStore({ file, codec: PLAIN_CODEC });
        const finish = async () => {
          await store.close();
          const raw = new Database(file);
          raw.pragma('user_version = 6'); // the schema the version before sealing wrote
          raw.close();
        };
        return { store, finish };
      },
      cleanup: async () => {},
    };
  },
};

const redis: Backend = {
  name: 'redis',
  skip: !redisUp,
  open(dataDir) {
    const prefix = `provd-test-sealed-${randomBytes(6).toString('hex')}:`;
    return {
      env: { PROV_DATA_DIR: dataDir, PROV_STORE: 'redis', PROV_REDIS_URL: redisUrl(), PROV_REDIS_PREFIX: prefix },
      rawBytes: () => redisBytes(admin!, prefix),
      oldStore() {
        const store = createRedisStore({ url: redisUrl(), prefix, codec: PLAIN_CODEC });
        return { store, finish: () => store.close() };
      },
      async cleanup() {
        const keys = await admin!.keys(`${prefix}*`);
        if (keys.length) await admin!.del(...keys);
      },
    };
  },
};

describe.each([sqlite, redis])('secrets at rest on $name', (backend) => {
  let dataDir: string;
  let data: BackendData;
  let app: AppServer | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'provd-sealed-'));
    data = backend.open(dataDir);
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await data.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(backend.skip)('keeps no password, PIN or folder token where a dump would find it; phones get their files and GET answers are unchanged', async () => {
    app = await startAppServer(data.env);
    const created = await createWithSecrets(app);
    const file = await expectPhoneFile(app, created);
    const answers = await getAnswers(app, created);

    expect(leakedIn(await data.rawBytes(), created.secrets)).toEqual([]);

    await app.restart();
    expect(await expectPhoneFile(app, created)).toBe(file);
    expect(await getAnswers(app, created)).toEqual(answers);
    expect(leakedIn(await data.rawBytes(), created.secrets)).toEqual([]);
  });

  it.skipIf(backend.skip)('seals at the next start what a version before sealing stored plain; phones keep their files under the same folder tokens', async () => {
    const old = data.oldStore();
    const users = [userWithSecrets({ interface: 'PRIVATE_IPV4' }), userWithSecrets({ interface: 'PRIVATE_IPV4' })];
    const phones = users.map((u) => phoneWithSecrets(u, { interface: 'PRIVATE_IPV4' }));
    await old.store.putNetwork({ ...DEFAULT_NETWORK, private_ipv4: '127.0.0.1' });
    for (const u of users) await old.store.insertUser(u);
    for (const p of phones) await old.store.insertPhone(p);
    await old.finish();
    expect(plainSecretsIn(await data.rawBytes(), { users, phones })).toHaveLength(users.length * 4 + phones.length * 4);

    app = await startAppServer(data.env);

    expect(app.logs()).toContainEqual(expect.objectContaining({ resealed: { user: 2, phone: 2, rps_account: 0 }, level: 'warn' }));
    for (const [i, p] of phones.entries()) {
      const u = users[i]!;
      await expectPhoneFile(app, { mac: p.mac, token: u.provision_token, secrets: { extension_password: u.extension_password, phone_password: p.password } });
    }
    expect(plainSecretsIn(await data.rawBytes(), { users, phones })).toEqual([]);
    expect((await app.api('GET', `/api/users/${users[0]!.id}`)).body).toMatchObject({ name: users[0]!.name, provision_token: users[0]!.provision_token });
    await app.restart(); // nothing left to seal: the pass is not logged again
    expect(app.logs().filter((l) => l.resealed !== undefined)).toHaveLength(1);
  });
});

describe('the data folder at start', () => {
  let parent: string;
  let app: AppServer | undefined;
  afterEach(async () => {
    await app?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('is made private (0700, files 0600) with one warning, and what the server writes into it is private', async () => {
    parent = mkdtempSync(join(tmpdir(), 'provd-modes-'));
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755); // as an older version left it (umask aside)
    writeFileSync(join(dataDir, 'notes.txt'), 'kept', { mode: 0o644 });
    chmodSync(join(dataDir, 'notes.txt'), 0o644);

    app = await startAppServer({ PROV_DATA_DIR: dataDir, PROV_STORE: 'sqlite' });
    await createWithSecrets(app);

    const mode = (name: string) => (statSync(join(dataDir, name)).mode & 0o777).toString(8);
    expect(mode('.')).toBe('700');
    expect(mode('notes.txt')).toBe('600');
    for (const name of ['provd.sqlite', 'provd.sqlite-wal', 'provd.sqlite-shm', 'secret-key', 'admin-token']) expect(mode(name), name).toBe('600');
    const warnings = app.logs().filter((l) => l.msg === 'data folder was open to other local users; modes fixed');
    expect(warnings).toEqual([expect.objectContaining({ changed: ['. 0755 -> 0700', 'notes.txt 0644 -> 0600'] })]);
  });
});
