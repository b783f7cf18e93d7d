/**
 * Key rotation over the SealedRecords interface (an in-memory record set with record versions),
 * with a real key file: add a key, re-seal while a server that has not reloaded keeps writing
 * under the old key, retire only the keys no record names (issue 9, §3).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user.js';
import { createRecordCodec, PLAIN_CODEC, type RecordCodec } from '../../src/secrets/codec.js';
import { ensureKeyFile, readKeyFile } from '../../src/secrets/key-file.js';
import { createKeyring, fileKeySource, type Keyring } from '../../src/secrets/keyring.js';
import { addKey, keyUsage, resealRecords, retireKeys } from '../../src/secrets/rotate.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { collectingLogger, tempDir } from '../certs/support.js';
import { memoryRecords } from './support.js';

const { logger } = collectingLogger();

/** A running server's codec over the key file: it seals under the key it loaded until it reloads. */
function serverCodec(file: string): { codec: RecordCodec; keyring: Keyring } {
  const keyring = createKeyring(fileKeySource(file, logger), { logger });
  return { codec: createRecordCodec(keyring), keyring };
}

describe('key rotation', () => {
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  let store: ReturnType<typeof memoryRecords>;
  let users: User[];
  beforeEach(() => {
    tmp = tempDir();
    file = join(tmp.dir, 'secret-key');
    ensureKeyFile(file, logger);
    store = memoryRecords();
    users = [makeUser(), makeUser(), makeUser()];
  });
  afterEach(() => tmp.remove());

  const openAll = (codec: RecordCodec) => ({
    users: [...store.tables.user.values()].map((s) => codec.openUser(s.doc as User)),
    phones: [...store.tables.phone.values()].map((s) => codec.openPhone(s.doc as ReturnType<typeof makePhone>)),
  });

  it('re-seals every record under the new key; the old key stays in the file to open the rest', async () => {
    const server = serverCodec(file);
    for (const u of users) store.write('user', server.codec.sealUser(u));
    const phone = makePhone(users[0]!);
    store.write('phone', { doc: server.codec.sealPhone(phone), tokenKey: undefined });
    const oldId = server.keyring.current().id;

    const newId = addKey(file, logger);
    const rotation = serverCodec(file);
    const counts = await resealRecords(rotation.codec, store.records);

    expect(counts).toEqual({ user: 3, phone: 1, rps_account: 0 });
    expect(readKeyFile(file, logger).map((k) => k.id)).toEqual([newId, oldId]);
    expect(openAll(rotation.codec)).toEqual({ users, phones: [phone] });
    const usage = await keyUsage(rotation.codec, store.records);
    expect([...usage.byKey]).toEqual([[newId, 4]]);
    for (const u of users) expect(store.userByToken(rotation.codec.tokenLookupKeys(u.provision_token))).toBe(store.tables.user.get(u.id)!.doc);
    expect(await resealRecords(rotation.codec, store.records)).toEqual({ user: 0, phone: 0, rps_account: 0 });
  });

  it('keeps a record written under the old key during the rotation readable, and the old key until it is re-sealed', async () => {
    const server = serverCodec(file); // a running server that has not reloaded yet
    for (const u of users) store.write('user', server.codec.sealUser(u));
    const oldId = server.keyring.current().id;
    const late = makeUser();
    const edited = { ...users[0]!, extension_password: 'changed-during-rotation' };
    store.hooks.duringVisit = (_kind, id) => {
      if (id !== users[1]!.id || store.tables.user.has(late.id)) return;
      store.write('user', server.codec.sealUser(late)); // created mid-walk, old key
      store.write('user', server.codec.sealUser(edited)); // an already re-sealed record rewritten, old key
    };

    const newId = addKey(file, logger);
    const rotation = serverCodec(file);
    await resealRecords(rotation.codec, store.records);
    store.hooks.duringVisit = undefined;

    expect(openAll(rotation.codec).users).toEqual(expect.arrayContaining([edited, users[1], users[2], late]));
    expect(store.userByToken(rotation.codec.tokenLookupKeys(late.provision_token))).toBeDefined();
    const usage = await keyUsage(rotation.codec, store.records);
    expect(usage.byKey.get(oldId)).toBe(2);
    expect(retireKeys(file, usage, logger)).toEqual({ removed: [], stillUsed: new Map([[oldId, 2]]) });

    server.keyring.reload(); // SIGHUP: the server now seals under the new key
    expect(server.keyring.current().id).toBe(newId);
    expect(await resealRecords(rotation.codec, store.records)).toEqual({ user: 2, phone: 0, rps_account: 0 });
    expect(retireKeys(file, await keyUsage(rotation.codec, store.records), logger)).toEqual({ removed: [oldId], stillUsed: new Map() });

    const afterRetire = serverCodec(file);
    expect(afterRetire.keyring.all().map((k) => k.id)).toEqual([newId]);
    expect(openAll(afterRetire.codec).users).toEqual(expect.arrayContaining([edited, users[1], users[2], late]));
  });

  it('re-seals a record changed between its read and its write from the changed record, losing nothing', async () => {
    const server = serverCodec(file);
    for (const u of users) store.write('user', server.codec.sealUser(u));
    const edited = { ...users[1]!, voicemail_pin: '246813' };
    let visits = 0;
    store.hooks.duringVisit = (_kind, id) => {
      if (id === users[1]!.id && visits++ === 0) store.write('user', server.codec.sealUser(edited));
    };

    addKey(file, logger);
    const rotation = serverCodec(file);
    await resealRecords(rotation.codec, store.records);

    expect(visits).toBe(2);
    expect(rotation.codec.openUser(store.tables.user.get(edited.id)!.doc as User)).toEqual(edited);
    expect(rotation.codec.needsReseal('user', store.tables.user.get(edited.id)!.doc)).toBe(false);
  });

  it('migrates records written before sealing: plain secrets and plain token index become sealed', async () => {
    for (const u of users) store.write('user', PLAIN_CODEC.sealUser(u));
    const codec = serverCodec(file).codec;
    expect((await keyUsage(codec, store.records)).plain).toBe(3);

    expect(await resealRecords(codec, store.records)).toEqual({ user: 3, phone: 0, rps_account: 0 });

    expect((await keyUsage(codec, store.records)).plain).toBe(0);
    for (const u of users) {
      const stored = store.tables.user.get(u.id)!;
      expect(JSON.stringify(stored)).not.toContain(u.extension_password);
      expect(JSON.stringify(stored)).not.toContain(u.provision_token);
      expect(store.userByToken(codec.tokenLookupKeys(u.provision_token))).toBe(stored.doc);
    }
  });

  it('never retires the current key, and retires every old key no record names', () => {
    const first = readKeyFile(file, logger)[0]!.id;
    const second = addKey(file, logger);
    const third = addKey(file, logger);

    const result = retireKeys(file, { byKey: new Map([[second, 1]]), plain: 0 }, logger);

    expect(result).toEqual({ removed: [first], stillUsed: new Map([[second, 1]]) });
    expect(readKeyFile(file, logger).map((k) => k.id)).toEqual([third, second]);
  });
});
