/** `provd rotate-key [--add-only | --reseal | --retire]` on a real key file and an in-memory record set. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { readKeyFile } from '../../src/secrets/key-file.js';
import { createRotateKeyCommand, ROTATE_KEY_USAGE } from '../../src/secrets/rotate-command.js';
import { openSecrets } from '../../src/secrets/secrets.js';
import { makeUser } from '../helpers/records.js';
import { collectingLogger, tempDir } from '../certs/support.js';
import { memoryRecords, sealedOf } from './support.js';

describe('provd rotate-key', () => {
  let tmp: ReturnType<typeof tempDir>;
  let config: Config;
  let store: ReturnType<typeof memoryRecords>;
  let closed: number;
  const run = (args: string[], c: Config = config) => {
    const { logger, logs } = collectingLogger();
    const command = createRotateKeyCommand({
      openRecords: async (cfg) => (cfg.store.kind === 'memory' ? undefined : { records: store.records, close: async () => void closed++ }),
    });
    return command(c, logger, args).then((code) => ({ code, logs }));
  };
  const keyIds = () => readKeyFile(config.secretKeyFile, collectingLogger().logger).map((k) => k.id);

  beforeEach(() => {
    tmp = tempDir();
    config = loadConfig({ PROV_DATA_DIR: join(tmp.dir, 'data') });
    store = memoryRecords();
    closed = 0;
    const { codec } = openSecrets({ keyFile: config.secretKeyFile, logger: collectingLogger().logger });
    for (const u of [makeUser(), makeUser()]) store.write('user', codec.sealUser(u));
  });
  afterEach(() => tmp.remove());

  it('adds a key at the front and re-seals every record under it; --retire then drops the old key', async () => {
    const [oldId] = keyIds();

    const rotated = await run([]);

    expect(rotated.code).toBe(0);
    const [newId, kept] = keyIds();
    expect(kept).toBe(oldId);
    expect(rotated.logs.at(-1)).toMatchObject({ keyId: newId, resealed: { user: 2, phone: 0, rps_account: 0 } });
    for (const s of store.tables.user.values()) expect(sealedOf(s.doc)).toContain(`$${newId}$`);
    expect(closed).toBe(1);

    const retired = await run(['--retire']);

    expect(retired.code).toBe(0);
    expect(retired.logs.at(-1)).toMatchObject({ removed: [oldId], stillUsed: {}, msg: 'old secret keys retired' });
    expect(keyIds()).toEqual([newId]);
    const key = readKeyFile(config.secretKeyFile, collectingLogger().logger)[0]!.secret.toString('base64url');
    expect(JSON.stringify([...rotated.logs, ...retired.logs])).not.toContain(key);
  });

  it('--add-only changes the key file and no record; --reseal then re-seals under the new key', async () => {
    const before = JSON.stringify([...store.tables.user.values()]);

    expect((await run(['--add-only'])).code).toBe(0);
    expect(keyIds()).toHaveLength(2);
    expect(JSON.stringify([...store.tables.user.values()])).toBe(before);
    expect(closed).toBe(0);

    const resealed = await run(['--reseal']);
    expect(resealed.code).toBe(0);
    expect(resealed.logs.at(-1)).toMatchObject({ resealed: { user: 2, phone: 0, rps_account: 0 } });
    expect(keyIds()).toHaveLength(2);
  });

  it('keeps an old key that records still name, saying what to do', async () => {
    await run(['--add-only']);
    const [, oldId] = keyIds();

    const retired = await run(['--retire']);

    expect(retired.code).toBe(0);
    expect(retired.logs.at(-1)).toMatchObject({ removed: [], stillUsed: { [oldId!]: 2 } });
    expect(String(retired.logs.at(-1)!.msg)).toContain('provd rotate-key --reseal');
    expect(keyIds()).toHaveLength(2);
  });

  it('answers 2 with the usage for an unknown argument, changing nothing', async () => {
    const before = keyIds();

    const result = await run(['--now']);

    expect(result.code).toBe(2);
    expect(result.logs[0]).toMatchObject({ msg: ROTATE_KEY_USAGE });
    expect(keyIds()).toEqual(before);
  });

  it('answers 1 naming the error when the key file is missing', async () => {
    const result = await run([], loadConfig({ PROV_DATA_DIR: join(tmp.dir, 'data'), PROV_SECRET_KEY_FILE: join(tmp.dir, 'none') }));

    expect(result.code).toBe(1);
    expect(result.logs.at(-1)).toMatchObject({ code: 'PROV_ERR_SECRET_KEY_INVALID', msg: 'rotate-key failed' });
  });

  it('only rotates the key file for the memory store, which keeps no records', async () => {
    const memory = loadConfig({ PROV_DATA_DIR: join(tmp.dir, 'data'), PROV_STORE: 'memory' });

    const result = await run([], memory);

    expect(result.code).toBe(0);
    expect(keyIds()).toHaveLength(2);
  });
});
