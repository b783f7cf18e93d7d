/**
 * The store contract against SQLite, plus what only a file gives: everything survives closing
 * and reopening (a server restart), corrupt rows are reported, newer schemas are refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../src/domain/network.js';
import { createStore } from '../../src/store/index.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { sqliteBytes } from '../helpers/secrets-dump.js';
import { expectProvError, phoneQuery, sealingHarness, userQuery, readBack } from './contract/support.js';
import { fullUser } from './contract/users.js';
import { describeStoreContract } from './store.contract.js';

const root = await mkdtemp(join(tmpdir(), 'provd-sqlite-'));
let n = 0;
/** A fresh database file in a directory that does not exist yet (the store creates it). */
const freshFile = () => join(root, `db${++n}`, 'provd.sqlite');

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeStoreContract('sqlite', async (sealed) => {
  const file = freshFile();
  const sealing = sealed ? sealingHarness(async () => sqliteBytes(file)) : undefined;
  const store = createSqliteStore({ file, codec: sealing?.codec });
  return { store, sealing, cleanup: () => store.close() };
});

describe('sqlite store on disk', () => {
  it('keeps users, phones, sightings and network across a restart', async () => {
    const file = freshFile();
    const first = createSqliteStore({ file });
    const u = fullUser();
    const p = makePhone(u, { serial_number: 'SN1' });
    const network = { ...DEFAULT_NETWORK, web_domain: 'pbx.example.com' };
    const sighting = { at: '2025-06-01T00:00:00.000Z', ip: '192.0.2.9', user_agent: 'Yealink' };
    await first.insertUser(u);
    await first.insertPhone(p);
    await first.recordSighting(p.mac, sighting);
    await first.putNetwork(network);
    await first.close();

    const second = createSqliteStore({ file });
    const stored = { ...readBack(p), last_seen_at: sighting.at, last_seen_ip: sighting.ip, last_seen_user_agent: sighting.user_agent };
    expect(await second.getUser(u.id)).toStrictEqual(u);
    expect(await second.getUserByToken(u.provision_token)).toStrictEqual(u);
    expect(await second.getPhoneByMac(p.mac)).toStrictEqual(stored);
    expect((await second.listPhones(phoneQuery())).items).toStrictEqual([stored]);
    expect(await second.getNetwork()).toStrictEqual(network);
    // Uniqueness survives too.
    await expectProvError(second.insertUser(makeUser({ extension_number: u.extension_number })), 'PROV_ERR_EXTENSION_TAKEN');
    await second.close();
  });

  it('is what createStore opens for kind sqlite, under dataDir/provd.sqlite', async () => {
    const dataDir = join(root, `data${++n}`);
    const store = createStore({ kind: 'sqlite', dataDir, redisUrl: 'redis://unused', redisPrefix: 'unused:' });
    expect(store.kind).toBe('sqlite');
    const u = makeUser();
    await store.insertUser(u);
    await store.close();
    const again = createSqliteStore({ file: join(dataDir, 'provd.sqlite') });
    expect(await again.getUser(u.id)).toStrictEqual(u);
    await again.close();
  });

  it('reports a row whose JSON does not parse as PROV_ERR_STORE_CORRUPT', async () => {
    const file = freshFile();
    const store = createSqliteStore({ file });
    const u = makeUser();
    const p = makePhone(u);
    await store.insertUser(u);
    await store.insertPhone(p);
    const raw = new Database(file);
    raw.prepare('UPDATE users SET doc = ? WHERE id = ?').run('{"name": "broken', u.id);
    raw.prepare('UPDATE phones SET doc = ? WHERE id = ?').run('[1,2]', p.id);
    raw.close();
    await expectProvError(store.getUser(u.id), 'PROV_ERR_STORE_CORRUPT', u.id);
    await expectProvError(store.listUsers(userQuery()), 'PROV_ERR_STORE_CORRUPT');
    await expectProvError(store.getPhone(p.id), 'PROV_ERR_STORE_CORRUPT', p.id);
    await expectProvError(store.listPhones(phoneQuery()), 'PROV_ERR_STORE_CORRUPT');
    await store.close();
  });

  it('uses WAL, records the schema version, and refuses a database from a newer server', async () => {
    const file = freshFile();
    await createSqliteStore({ file }).close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => createSqliteStore({ file })).toThrow(expect.objectContaining({ code: 'PROV_ERR_STORE_UNAVAILABLE' }));
  });

  it('migrates a version-1 database in place: data kept, default list order read from an index', async () => {
    const file = freshFile();
    const first = createSqliteStore({ file });
    const u = makeUser();
    await first.insertUser(u);
    await first.insertPhone(makePhone(u));
    await first.close();
    const raw = new Database(file);
    for (const index of ['users_created', 'phones_created', 'phones_user_created']) raw.exec(`DROP INDEX ${index}`);
    raw.pragma('user_version = 1');
    raw.close();

    const store = createSqliteStore({ file });
    expect((await store.listPhones(phoneQuery())).count).toBe(1);
    await store.close();
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const plan = check.prepare('EXPLAIN QUERY PLAN SELECT doc FROM phones p ORDER BY p.created_at ASC, p.id ASC LIMIT 100').all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join('\n')).toMatch(/USING INDEX phones_created/);
    expect(plan.map((r) => r.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    check.close();
  });

  it('refuses every write once its claimed data-epoch marker is gone, and accepts them when it is back', async () => {
    const file = freshFile();
    const store = createSqliteStore({ file });
    const u = makeUser();
    await store.insertUser(u);
    await store.claimEpoch('epoch-1');
    const raw = new Database(file);
    raw.prepare("DELETE FROM meta WHERE key = 'epoch'").run();

    await expectProvError(store.insertUser(makeUser()), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(store.updateUser(u.id, (x) => ({ ...x, display_name: 'x' })), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(store.deleteUser(u.id), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(store.putNetwork(DEFAULT_NETWORK), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(store.appendTemplateVersion({ vendor: 'yealink', file: 'device.hbs', version: 1, text: 'x', sha256: '0'.repeat(64), author_id: 't', author_name: 'ops', created_at: 'x', reverted_from: null }), 'PROV_ERR_STORE_DATA_LOST');
    expect(await store.getUser(u.id)).toStrictEqual(u);

    raw.prepare("INSERT INTO meta (key, value) VALUES ('epoch', 'epoch-1')").run();
    raw.close();
    expect(await store.updateUser(u.id, (x) => ({ ...x, display_name: 'back' }))).toMatchObject({ display_name: 'back' });
    await store.close();
  });

  // Issue 9: a user whose office_hours was nested 1,000 deep (6 KB) was stored by the old code;
  // afterwards every filtered, searched or ordered user list answered 500 until it was deleted.
  it('lists filtered, searched and ordered users when an older server stored a 1,000-deep document, and names it in a notice', async () => {
    const file = freshFile();
    const first = createSqliteStore({ file });
    const plain = [makeUser({ name: 'anna' }), makeUser({ name: 'bert' })];
    for (const u of plain) await first.insertUser(u);
    await first.close();
    let nested: Record<string, unknown> = { from: '09:00' };
    for (let i = 0; i < 1000; i++) nested = { d: nested };
    const deep = { ...makeUser({ name: 'deepuser' }), office_hours: nested }; // today's schema refuses it: written as the old code did
    const raw = new Database(file);
    raw.exec('DROP INDEX phones_rps; ALTER TABLE users DROP COLUMN list_doc; ALTER TABLE phones DROP COLUMN list_doc'); // the schema of the older server
    raw.prepare('INSERT INTO users (id, name_lc, extension_number, provision_token, created_at, doc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(deep.id, deep.name, deep.extension_number, deep.provision_token, deep.created_at, JSON.stringify(deep));
    raw.pragma('user_version = 4');
    raw.close();
    const notices: { details: Record<string, unknown>; message: string }[] = [];

    const store = createSqliteStore({ file, notice: (details, message) => notices.push({ details, message }) });

    expect(notices).toEqual([{ details: { table: 'users', ids: [deep.id] }, message: expect.stringMatching(/nested deeper than SQLite's JSON functions accept; kept unchanged/) }]);
    expect((await store.listUsers(userQuery({ filter: "name eq 'deepuser'" }))).items).toStrictEqual([deep]);
    expect((await store.listUsers(userQuery({ search: 'user' }))).items.map((u) => u.name)).toEqual(['deepuser']);
    expect((await store.listUsers(userQuery({ orderby: 'name desc' }))).items.map((u) => u.name)).toEqual(['deepuser', 'bert', 'anna']);
    expect((await store.listUsers(userQuery({ filter: "startswith(name,'b')", orderby: 'extension_number' }))).count).toBe(1);
    expect(await store.getUser(deep.id)).toStrictEqual(deep); // nothing of the record was changed
    await store.close();
  });

  it('recomputes the name keys of a database written with lowercased keys, keeping both users of a clash', async () => {
    const file = freshFile();
    const first = createSqliteStore({ file });
    const nfc = makeUser({ name: 'Jos\u00e9' });
    const plain = makeUser({ name: 'Ismail' });
    await first.insertUser(nfc);
    await first.insertUser(plain);
    await first.close();
    const nfd = { ...makeUser(), name: 'Jose\u0301' }; // stored by the older server, which kept NFD
    const raw = new Database(file);
    const setKey = raw.prepare('UPDATE users SET name_lc = ? WHERE id = ?');
    setKey.run('jos\u00e9', nfc.id); // the older server's keys: toLowerCase()
    setKey.run('ismail', plain.id);
    raw.prepare('INSERT INTO users (id, name_lc, extension_number, provision_token, created_at, doc, list_doc) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(nfd.id, 'jose\u0301', nfd.extension_number, nfd.provision_token, nfd.created_at, JSON.stringify(nfd), '{}');
    raw.pragma('user_version = 5');
    raw.close();
    const notices: Record<string, unknown>[] = [];

    const store = createSqliteStore({ file, notice: (details) => notices.push(details) });

    // The first by id keeps the key; the other is named, and both are kept.
    const [kept, other] = [nfc, nfd].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(notices).toEqual([{ users: [{ id: other!.id, name: other!.name, same_as: kept!.id }] }]);
    await expectProvError(store.insertUser(makeUser({ name: 'ISMA\u0130L' })), 'PROV_ERR_USER_NAME_TAKEN');
    await expectProvError(store.insertUser(makeUser({ name: 'JOS\u00c9' })), 'PROV_ERR_USER_NAME_TAKEN');
    expect(await store.getUser(nfd.id)).toStrictEqual(nfd); // records unchanged
    expect(await store.getUser(nfc.id)).toStrictEqual(nfc);
    await store.close();
  });

  it('fails with PROV_ERR_STORE_UNAVAILABLE after close and when the file cannot be opened', async () => {
    const store = createSqliteStore({ file: freshFile() });
    await store.close();
    await expectProvError(store.getUser('x'), 'PROV_ERR_STORE_UNAVAILABLE');
    expect(() => createSqliteStore({ file: join(root, 'no-such-dir', '\0bad') })).toThrow(
      expect.objectContaining({ code: 'PROV_ERR_STORE_UNAVAILABLE' })
    );
  });
});
