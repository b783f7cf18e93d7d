/**
 * @module Schema step: recomputes every user's name key (`users.name_lc`, UNIQUE) with
 * userNameKey() (it was `toLowerCase()`, which let `ADMİN`/`admın` and NFD/NFC "José" through).
 * Two stored users whose names become equal under the new key are both kept: the first (by id)
 * takes the key, the other a key of its own, and a notice names both so one can be renamed.
 */
import { userNameKey } from '../domain/user-name.js';
import { rowsInPages } from './sqlite-rows.js';
import type { SqliteDb } from './sqlite-schema.js';
import type { StoreNotice } from './types.js';

export function rekeyUserNames(db: SqliteDb, notice: StoreNotice): void {
  // First out of the way (a new key may equal another row's old one), then the new keys.
  db.exec("UPDATE users SET name_lc = char(0) || id");
  const owner = db.prepare<[string], { id: string }>('SELECT id FROM users WHERE name_lc = ?');
  const update = db.prepare('UPDATE users SET name_lc = ? WHERE id = ?');
  const clashes: { id: string; name: string; same_as: string }[] = [];
  for (const row of rowsInPages<{ id: string; doc: string }>(db, 'users', 'doc')) {
    const name = nameOf(row.doc) ?? row.id;
    const key = userNameKey(name);
    const taken = owner.get(key);
    if (taken) clashes.push({ id: row.id, name, same_as: taken.id });
    update.run(taken ? `${key}\u0000${row.id}` : key, row.id);
  }
  if (clashes.length) {
    notice({ users: clashes }, `${clashes.length} users have a name equal to another user's under the Unicode-aware comparison (NFKC, case folded); both kept, rename one of each pair`);
  }
}

// --- internal ---

/** The `name` of a stored user; undefined when the row is not readable (it keeps a key of its own). */
function nameOf(doc: string): string | undefined {
  try {
    const name = (JSON.parse(doc) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
