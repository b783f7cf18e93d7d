/**
 * @module API token store on SQLite: a second connection to the store's file (WAL lets both work
 * at once, and several processes share it), as the QR token store does. `hash` is UNIQUE, so a
 * lookup is one index probe.
 */
import { sqliteCall } from './sqlite-errors.js';
import { openSqlite } from './sqlite-schema.js';
import { type ApiTokenRecord, type ApiTokenStore } from './token-types.js';

export interface SqliteApiTokenStoreOptions {
  /** The store's database file; the store (createSqliteStore) MUST have opened it first (it migrates). */
  readonly file: string;
}

const COLUMNS = 'id, hash, name, role, user_id, created_at';

/** @throws ProvError PROV_ERR_STORE_UNAVAILABLE when the file cannot be opened or is not migrated. */
export function createSqliteApiTokenStore({ file }: SqliteApiTokenStoreOptions): ApiTokenStore {
  const db = openSqlite(file, { migrate: false });
  const insert = db.prepare<[string, string, string, string, string | null, string]>(`INSERT INTO api_tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
  const find = db.prepare<[string], ApiTokenRecord>(`SELECT ${COLUMNS} FROM api_tokens WHERE hash = ?`);
  const all = db.prepare<[], ApiTokenRecord>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`);
  const remove = db.prepare<[string], ApiTokenRecord>(`DELETE FROM api_tokens WHERE id = ? RETURNING ${COLUMNS}`);
  const run = sqliteCall;
  return {
    async insert(r) {
      run(() => insert.run(r.id, r.hash, r.name, r.role, r.user_id, r.created_at));
    },
    async findByHash(hash) {
      const row = run(() => find.get(hash));
      return row && { ...row };
    },
    async list() {
      return run(() => all.all()).map((row) => ({ ...row }));
    },
    async remove(id) {
      const row = run(() => remove.get(id));
      return row && { ...row };
    },
    async close() {
      db.close();
    },
  };
}
