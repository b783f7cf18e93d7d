/**
 * Key rotation end to end (issue 9, §3): `provd rotate-key` (createRotateKeyCommand with the
 * server's openStoreRecords) on the SQLite data folder of a running server; the server reloads
 * its keys (what SIGHUP calls) and still reads and serves everything, also after retiring the old
 * key and restarting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { readKeyFile } from '../../src/secrets/key-file.js';
import { createRotateKeyCommand } from '../../src/secrets/rotate-command.js';
import { openStoreRecords } from '../../src/secrets/store-secrets.js';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { sqliteBytes } from '../helpers/secrets-dump.js';
import { collectingLogger } from '../certs/support.js';
import { createWithSecrets, expectPhoneFile, getAnswers, leakedIn, type CreatedWithSecrets } from './app-support.js';

describe('provd rotate-key beside a running server on SQLite', () => {
  let dataDir: string;
  let config: Config;
  let app: AppServer;
  let created: CreatedWithSecrets;
  const rotateKey = createRotateKeyCommand({ openRecords: openStoreRecords });
  const run = async (args: string[]) => {
    const { logger, logs } = collectingLogger();
    const code = await rotateKey(config, logger, args);
    return { code, last: logs.at(-1)! };
  };
  const keyIds = () => readKeyFile(config.secretKeyFile, collectingLogger().logger).map((k) => k.id);
  /** The key ids the stored user and phone docs name (sealed values of any format). */
  const storedKeyIds = () => {
    const db = new Database(join(dataDir, 'provd.sqlite'), { readonly: true });
    const docs = db.prepare('SELECT doc FROM users UNION ALL SELECT doc FROM phones').all() as { doc: string }[];
    db.close();
    return [...new Set(docs.flatMap((r) => [...r.doc.matchAll(/\$enc\$v\d+\$([0-9a-f]{8})\$/g)].map((m) => m[1]!)))];
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'provd-rotate-'));
    config = loadConfig({ PROV_DATA_DIR: dataDir, PROV_STORE: 'sqlite' });
    app = await startAppServer({ PROV_DATA_DIR: dataDir, PROV_STORE: 'sqlite' });
    created = await createWithSecrets(app);
  });
  afterEach(async () => {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds a key, re-seals every record under it and retires the old one; the server reads and serves everything throughout', async () => {
    const answers = await getAnswers(app, created);
    const [oldId] = keyIds();

    expect((await run(['--add-only'])).code).toBe(0);
    await app.running.reload(); // what SIGHUP runs
    const [newId] = keyIds();
    const resealed = await run(['--reseal']);
    expect(resealed).toMatchObject({ code: 0, last: { keyId: newId, resealed: { user: 1, phone: 1, rps_account: 0 } } });
    expect(storedKeyIds()).toEqual([newId]);
    await expectPhoneFile(app, created);
    const retired = await run(['--retire']);
    expect(retired).toMatchObject({ code: 0, last: { removed: [oldId], stillUsed: {} } });
    expect(keyIds()).toEqual([newId]);

    await app.restart(); // cold: nothing rendered or cached, only the new key in the file
    await expectPhoneFile(app, created);
    expect(await getAnswers(app, created)).toEqual(answers);
    expect(leakedIn(sqliteBytes(join(dataDir, 'provd.sqlite')), created.secrets)).toEqual([]);
  });

  it('in one step (a key added and every record re-sealed): after the reload new writes use the new key, and the old key retires', async () => {
    const [oldId] = keyIds();

    expect((await run([])).code).toBe(0);
    const [newId] = keyIds();
    expect(storedKeyIds()).toEqual([newId]);
    await app.running.reload(); // what SIGHUP runs
    const later = await createWithSecrets(app, 2);
    expect(storedKeyIds()).toEqual([newId]);
    expect((await run(['--retire'])).last).toMatchObject({ removed: [oldId] });

    await app.restart();
    for (const c of [created, later]) await expectPhoneFile(app, c);
    expect(leakedIn(sqliteBytes(join(dataDir, 'provd.sqlite')), { ...created.secrets, ...later.secrets })).toEqual([]);
  });
});
