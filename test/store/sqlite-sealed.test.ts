/**
 * What only the SQLite store does for secrets at rest (issue 9, §3): its file is private before
 * SQLite opens it, and schema step 7 seals what a version before sealing stored plain (step 8:
 * what the first sealing build sealed field by field), before the store serves, without stopping
 * at a record it cannot seal.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLAIN_CODEC } from '../../src/store/codec.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { phoneWithSecrets, plainSecretsIn, sqliteBytes, userWithSecrets } from '../helpers/secrets-dump.js';
import { testCodec, v1Records } from '../secrets/support.js';
import { userQuery, readBack } from './contract/support.js';

describe('sqlite store with secrets sealed', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'provd-sqlite-sealed-'));
    file = join(dir, 'data', 'provd.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its file 0600 in a 0700 folder before SQLite opens it, so the WAL and shared-memory files are private too', async () => {
    const store = createSqliteStore({ file, codec: testCodec().codec });
    await store.insertUser(userWithSecrets());

    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect([mode(join(dir, 'data')), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['700', '600', '600', '600']);
    await store.close();
  });

  it('seals at its first start on a database of schema 6 what was stored plain, before it serves, leaving no plain text in free pages or the WAL', async () => {
    const old = createSqliteStore({ file, codec: PLAIN_CODEC });
    const users = [userWithSecrets({ name: 'anna' }), userWithSecrets({ name: 'bert' })];
    const phones = users.map((u) => phoneWithSecrets(u));
    for (const u of users) await old.insertUser(u);
    for (const p of phones) await old.insertPhone(p);
    await old.close();
    setSchema(file, 6);
    const notices: { details: Record<string, unknown>; message: string }[] = [];

    const store = createSqliteStore({ file, codec: testCodec().codec, notice: (details, message) => notices.push({ details, message }) });

    expect(notices).toEqual([{ details: { resealed: { user: 2, phone: 2, rps_account: 0 } }, message: expect.stringMatching(/now sealed under the current key/) }]);
    expect(plainSecretsIn(sqliteBytes(file), { users, phones })).toEqual([]);
    for (const u of users) expect(await store.getUserByToken(u.provision_token)).toStrictEqual(u);
    expect(await store.getPhone(phones[1]!.id)).toStrictEqual(readBack(phones[1]!));
    expect((await store.listUsers(userQuery({ filter: "name eq 'bert'" }))).items).toStrictEqual([users[1]]);
    await store.close();
    expect(schemaOf(file)).toBe(SCHEMA_VERSION);
  });

  it('seals again as one value per record, at its first start on a database of schema 7, what the first sealing build sealed field by field', async () => {
    const v1 = v1Records();
    const first = createSqliteStore({ file, codec: testCodec([v1.key]).codec });
    await first.insertUser(v1.user);
    await first.insertPhone(v1.phone);
    await first.close();
    const raw = new Database(file);
    raw.prepare('UPDATE users SET doc = ? WHERE id = ?').run(JSON.stringify(v1.userDoc), v1.user.id); // as that build stored them
    raw.prepare('UPDATE phones SET doc = ? WHERE id = ?').run(JSON.stringify(v1.phoneDoc), v1.phone.id);
    raw.pragma('user_version = 7');
    raw.close();
    const notices: Record<string, unknown>[] = [];

    const store = createSqliteStore({ file, codec: testCodec([v1.key]).codec, notice: (details) => notices.push(details) });

    expect(notices).toEqual([{ resealed: { user: 1, phone: 1, rps_account: 0 } }]);
    const bytes = sqliteBytes(file).toString('latin1');
    expect(bytes).not.toContain('$enc$v1$');
    expect(bytes).toContain('$enc$v2$');
    expect(plainSecretsIn(bytes, { users: [v1.user], phones: [v1.phone] })).toEqual([]);
    expect(await store.getUserByToken(v1.user.provision_token)).toStrictEqual(v1.user);
    expect(await store.getPhoneByMac(v1.phone.mac)).toStrictEqual(readBack(v1.phone));
    await store.close();
    expect(schemaOf(file)).toBe(SCHEMA_VERSION);
  });

  it('seals the rest and names them when a row is not JSON or a record is sealed under a key the file does not hold; the start goes on', async () => {
    const old = createSqliteStore({ file, codec: PLAIN_CODEC });
    const [plain, broken, foreign] = [userWithSecrets(), userWithSecrets(), userWithSecrets()];
    for (const u of [plain, broken, foreign]) await old.insertUser(u);
    await old.close();
    const raw = new Database(file);
    raw.prepare('UPDATE users SET doc = ? WHERE id = ?').run('{"broken', broken.id);
    raw.prepare('UPDATE users SET doc = ? WHERE id = ?').run(JSON.stringify(testCodec().codec.seal('user', foreign).doc), foreign.id);
    raw.pragma('user_version = 6');
    raw.close();
    const notices: Record<string, unknown>[] = [];

    const store = createSqliteStore({ file, codec: testCodec().codec, notice: (details) => notices.push(details) });

    expect(notices).toEqual(expect.arrayContaining([
      { kind: 'user', ids: [broken.id] },
      { resealed: { user: 1, phone: 0, rps_account: 0 } },
      { records: [`user ${foreign.id}: PROV_ERR_SECRET_KEY_UNKNOWN`] },
    ]));
    expect(await store.getUserByToken(plain.provision_token)).toStrictEqual(plain);
    expect(plainSecretsIn(sqliteBytes(file), { users: [plain] })).toEqual([]);
    await store.close();
  });
});

function setSchema(file: string, version: number): void {
  const raw = new Database(file);
  raw.pragma(`user_version = ${version}`); // as the version before sealing left it
  raw.close();
}

function schemaOf(file: string): number {
  const raw = new Database(file, { readonly: true });
  const version = raw.pragma('user_version', { simple: true }) as number;
  raw.close();
  return version;
}
