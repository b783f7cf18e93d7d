/**
 * @module QR token store on SQLite: a second connection to the store's file (WAL lets both
 * work at once, and several processes share it). The single use is one statement,
 * `DELETE ... RETURNING`: of concurrent consumers exactly one gets the row.
 */
import { sqliteCall } from './sqlite-errors.js';
import { openSqlite } from './sqlite-schema.js';
import type { QrTokenRecord, QrTokenStore } from './qr-types.js';

export interface SqliteQrTokenStoreOptions {
  /** The store's database file; the store (createSqliteStore) MUST have opened it first (it migrates). */
  readonly file: string;
  readonly now?: () => number;
}

/** @throws ProvError PROV_ERR_STORE_UNAVAILABLE when the file cannot be opened or is not migrated. */
export function createSqliteQrTokenStore({ file, now = Date.now }: SqliteQrTokenStoreOptions): QrTokenStore {
  const db = openSqlite(file, { migrate: false });
  const sweep = db.prepare<[number]>('DELETE FROM qr_tokens WHERE expires_at <= ?');
  const insert = db.prepare<[string, string, string, number]>('INSERT OR REPLACE INTO qr_tokens (hash, user_id, app, expires_at) VALUES (?, ?, ?, ?)');
  const take = db.prepare<[string], QrTokenRecord>('DELETE FROM qr_tokens WHERE hash = ? RETURNING user_id, app, expires_at');
  const revoke = db.prepare<[string]>('DELETE FROM qr_tokens WHERE user_id = ?');
  const put = db.transaction((hash: string, r: QrTokenRecord) => {
    sweep.run(now());
    insert.run(hash, r.user_id, r.app, r.expires_at);
  });
  const run = sqliteCall;
  return {
    async put(hash, record) {
      run(() => put(hash, record));
    },
    async consume(hash, at) {
      const row = run(() => take.get(hash));
      return row && row.expires_at > at ? { user_id: row.user_id, app: row.app, expires_at: row.expires_at } : undefined;
    },
    async revokeUser(userId) {
      return run(() => revoke.run(userId).changes);
    },
    async close() {
      db.close();
    },
  };
}
