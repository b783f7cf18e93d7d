/**
 * @module The SQLite lists' own copy of each record: `list_doc`, the record's top-level scalar
 * fields as JSON. Lists filter, search and order on it, never on `doc`, because SQLite's JSON
 * functions refuse a whole document nested deeper than 1,000 levels: one such record (a 1,000-deep
 * `office_hours` stored by an older server) made every filtered, searched or ordered user list
 * fail. Scalars are never deep; the lists' fields are all scalars. `doc` stays the record itself.
 */
import { rowsInPages } from './sqlite-rows.js';
import type { SqliteDb } from './sqlite-schema.js';
import type { StoreNotice } from './types.js';


/** The `list_doc` of a stored (sealed) record: its top-level fields that are not objects or arrays. */
export function listDocOf(stored: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(stored).filter(([, v]) => v === null || typeof v !== 'object')));
}

/**
 * Schema step: adds `list_doc` to users and phones and fills it from every row's `doc` (parsed
 * here, in JavaScript, which reads documents SQLite cannot). Rows whose `doc` SQLite's JSON
 * functions refuse are named in one notice; their records are kept unchanged.
 */
export function addListDocs(db: SqliteDb, notice: StoreNotice): void {
  for (const table of ['users', 'phones'] as const) {
    const columns = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[];
    if (!columns.some((c) => c.name === 'list_doc')) db.exec(`ALTER TABLE ${table} ADD COLUMN list_doc TEXT NOT NULL DEFAULT '{}'`);
    const update = db.prepare(`UPDATE ${table} SET list_doc = ? WHERE id = ?`);
    const tooDeep: string[] = [], unreadable: string[] = [];
    for (const row of rowsInPages<{ id: string; doc: string; valid: number }>(db, table, 'doc, json_valid(doc) AS valid')) {
      let record: unknown;
      try {
        record = JSON.parse(row.doc);
      } catch {
        unreadable.push(row.id); // reported as PROV_ERR_STORE_CORRUPT when read; lists skip nothing
        continue;
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        unreadable.push(row.id);
        continue;
      }
      if (!row.valid) tooDeep.push(row.id);
      update.run(listDocOf(record), row.id);
    }
    if (tooDeep.length) {
      notice(
        { table, ids: tooDeep },
        `${tooDeep.length} ${table} hold JSON nested deeper than SQLite's JSON functions accept; kept unchanged, lists now read their top-level fields from list_doc (a new write of such a record is refused by validation until the field is made shallower)`
      );
    }
    if (unreadable.length) notice({ table, ids: unreadable }, `${unreadable.length} ${table} rows are not JSON objects; left out of list_doc (reading them reports PROV_ERR_STORE_CORRUPT)`);
  }
}
