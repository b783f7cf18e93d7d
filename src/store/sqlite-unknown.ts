/**
 * @module The unknown-device table on SQLite: a second connection to the store's file (as the QR
 * tokens). Each record is one transaction (read, merge, write, trim); lists load the table (it is
 * bounded) and apply the list query in memory.
 */
import { applyQuery } from './query.js';
import { sqliteCall } from './sqlite-errors.js';
import { openSqlite } from './sqlite-schema.js';
import { MAX_UNKNOWN_PHONES, mergeSighting, type UnknownPhone, type UnknownPhoneSighting, type UnknownPhoneStore } from './unknown-types.js';

/** @throws ProvError PROV_ERR_STORE_UNAVAILABLE when the file cannot be opened or is not migrated. */
export function createSqliteUnknownPhoneStore({ file, maxEntries = MAX_UNKNOWN_PHONES }: { file: string; maxEntries?: number }): UnknownPhoneStore {
  const db = openSqlite(file, { migrate: false });
  const isRejected = db.prepare<[string], { mac: string }>('SELECT mac FROM rejected_macs WHERE mac = ?');
  const one = db.prepare<[string], { doc: string }>('SELECT doc FROM unknown_phones WHERE mac = ?');
  const all = db.prepare<[], { doc: string }>('SELECT doc FROM unknown_phones');
  const upsert = db.prepare<[string, string, string]>('INSERT OR REPLACE INTO unknown_phones (mac, last_seen, doc) VALUES (?, ?, ?)');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM unknown_phones');
  const trim = db.prepare<[number]>('DELETE FROM unknown_phones WHERE mac IN (SELECT mac FROM unknown_phones ORDER BY last_seen LIMIT ?)');
  const del = db.prepare<[string]>('DELETE FROM unknown_phones WHERE mac = ?');
  const addRejected = db.prepare<[string, string]>('INSERT OR IGNORE INTO rejected_macs (mac, at) VALUES (?, ?)');
  const record = db.transaction((s: UnknownPhoneSighting) => {
    if (isRejected.get(s.mac)) return;
    const current = one.get(s.mac);
    const next = mergeSighting(current && (JSON.parse(current.doc) as UnknownPhone), s);
    if (!current) {
      const over = count.get()!.n - maxEntries + 1;
      if (over > 0) trim.run(over);
    }
    upsert.run(s.mac, next.last_seen, JSON.stringify(next));
  });
  const reject = db.transaction((mac: string) => {
    addRejected.run(mac, new Date().toISOString());
    del.run(mac);
  });
  const run = sqliteCall;
  return {
    record: async (sighting) => run(() => record(sighting)),
    list: async (query) => run(() => applyQuery(all.all().map((r) => JSON.parse(r.doc) as UnknownPhone), query)),
    async get(mac) {
      const row = run(() => one.get(mac));
      return row && (JSON.parse(row.doc) as UnknownPhone);
    },
    remove: async (mac) => run(() => del.run(mac).changes > 0),
    reject: async (mac) => run(() => reject(mac)),
    isRejected: async (mac) => run(() => isRejected.get(mac) !== undefined),
    async close() {
      db.close();
    },
  };
}
