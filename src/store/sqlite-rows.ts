/** @module Reading every row of a table in a migration step that also writes to it. */
import type { SqliteDb } from './sqlite-schema.js';

/**
 * Every row of `table` (`columns` plus `id`), 500 at a time in id order: a better-sqlite3
 * connection cannot write while it iterates a query, and `.all()` of a large table at once would
 * hold it all in memory. `table` and `columns` are code, never input.
 */
export function* rowsInPages<R extends { id: string }>(db: SqliteDb, table: string, columns: string): Generator<R> {
  const page = db.prepare<[string], R>(`SELECT id, ${columns} FROM ${table} WHERE id > ? ORDER BY id LIMIT 500`);
  let after = '';
  for (;;) {
    const rows = page.all(after);
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.id;
  }
}
