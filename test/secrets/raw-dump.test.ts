/**
 * What a copied SQLite file holds when records are written sealed (issue 9, §3): no secret in the
 * raw bytes of the database and its WAL, every other field still queryable by SQL on the JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user.js';
import { PLAIN_CODEC, type RecordCodec } from '../../src/secrets/codec.js';
import { ensurePrivateFile } from '../../src/secrets/data-dir.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { plainSecretsIn } from '../helpers/secrets-dump.js';
import { tempDir } from '../certs/support.js';
import { testCodec } from './support.js';

describe('a raw SQLite dump', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  const users = () => [1, 2].map((n) => makeUser({ password: `user-pw-${n}-Zq8`, voicemail_pin: '135792', extension_password: `sip-pw-${n}-Xk3` }));

  /** Writes users and phones as a store does (doc JSON + token index column); answers the raw bytes. */
  function dump(codec: RecordCodec, list: User[]) {
    const file = join(tmp.dir, 'provd.sqlite');
    ensurePrivateFile(file);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE users (id TEXT PRIMARY KEY, token TEXT UNIQUE, doc TEXT); CREATE TABLE phones (id TEXT PRIMARY KEY, doc TEXT)');
    const phones = list.map((u, n) => makePhone(u, { password: `web-pw-${n}-Vb7`, door_password1: '48151623' }));
    for (const u of list) {
      const { doc, tokenKey } = codec.sealUser(u);
      db.prepare('INSERT INTO users VALUES (?, ?, ?)').run(u.id, tokenKey, JSON.stringify(doc));
    }
    for (const p of phones) db.prepare('INSERT INTO phones VALUES (?, ?)').run(p.id, JSON.stringify(codec.sealPhone(p)));
    const names = db.prepare("SELECT json_extract(doc, '$.name') AS name FROM users ORDER BY json_extract(doc, '$.extension_number')").all();
    const bytes = Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]);
    db.close();
    return { bytes, phones, names };
  }

  it('holds no password, PIN or folder token of records written sealed, and still answers SQL on the rest', () => {
    const list = users();

    const { bytes, phones, names } = dump(testCodec().codec, list);

    expect(plainSecretsIn(bytes, { users: list, phones })).toEqual([]);
    expect(names).toEqual(list.map((u) => ({ name: u.name })));
  });

  it('holds every one of them when records are written plain, as before this change', () => {
    const list = users();

    const { bytes, phones } = dump(PLAIN_CODEC, list);

    expect(plainSecretsIn(bytes, { users: list, phones })).toHaveLength(list.length * 4 + phones.length * 2);
  });
});
