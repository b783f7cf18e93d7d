/**
 * @module The SQLite store's statements: the fixed ones, prepared once per connection, and the
 * list queries (SQL built from the query by sqlite-filter.ts, cached by text).
 */
import type { ListQuery } from './query.js';
import type { PhoneRow } from './sqlite-errors.js';
import { orderSql, whereSql, type FieldSource } from './sqlite-filter.js';
import type { SqliteDb, Statement } from './sqlite-schema.js';

/** How list queries see a table. Sightings and RPS outcomes live in their own tables (joined as `s`, `r`). */
export interface ListTable {
  readonly select: string;
  readonly from: string;
  /**
   * The table alone, for counting when no filter or search could read a joined column (a
   * sighting or outcome is 0 or 1 row per phone, so the joins never change the count).
   */
  readonly countFrom: string;
  readonly src: FieldSource;
  readonly createdAt: string;
  readonly id: string;
  readonly userId?: string;
}
// Filters, search and order read `list_doc` (sqlite-list-doc.ts); the answer is `doc`.
export const USERS: ListTable = { select: 'u.doc', from: 'users u', countFrom: 'users u', src: { doc: 'u.list_doc' }, createdAt: 'u.created_at', id: 'u.id' };
const PHONE_SELECT = 'p.doc, s.at, s.ip, s.user_agent, r.status AS rps_status, r.message AS rps_message, r.updated_at AS rps_updated_at';
const PHONE_FROM = 'phones p LEFT JOIN sightings s ON s.mac = p.mac LEFT JOIN rps_outcomes r ON r.mac = p.mac';
export const PHONES: ListTable = {
  select: PHONE_SELECT,
  from: PHONE_FROM,
  countFrom: 'phones p',
  src: {
    doc: 'p.list_doc',
    columns: {
      last_seen_at: 's.at', last_seen_ip: 's.ip', last_seen_user_agent: 's.user_agent',
      rps_status: "coalesce(r.status, 'disabled')", rps_message: "coalesce(r.message, '')", rps_updated_at: 'r.updated_at',
    },
  },
  createdAt: 'p.created_at',
  id: 'p.id',
  userId: 'p.user_id',
};
const PHONE_COLUMNS = `SELECT ${PHONE_SELECT} FROM ${PHONE_FROM}`;

/** Every fixed statement, prepared once. */
export function prepareStatements(db: SqliteDb) {
  type Id = { id: string };
  type Doc = { doc: string };
  return {
    insertUser: db.prepare('INSERT INTO users (name_lc, extension_number, provision_token, created_at, doc, list_doc, id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    updateUser: db.prepare('UPDATE users SET name_lc = ?, extension_number = ?, provision_token = ?, created_at = ?, doc = ?, list_doc = ? WHERE id = ?'),
    deleteUser: db.prepare('DELETE FROM users WHERE id = ?'),
    userExists: db.prepare<[string], Id>('SELECT id FROM users WHERE id = ?'),
    userIdByExtension: db.prepare<[string], Id>('SELECT id FROM users WHERE extension_number = ?'),
    userIdByName: db.prepare<[string], Id>('SELECT id FROM users WHERE name_lc = ?'),
    userDoc: db.prepare<[string], Doc>('SELECT doc FROM users WHERE id = ?'),
    userDocByToken: db.prepare<[string], Doc>('SELECT doc FROM users WHERE provision_token = ?'),
    macsOfUser: db.prepare<[string], { mac: string }>('SELECT mac FROM phones WHERE user_id = ?'),
    phonesOfUser: db.prepare<[string], Doc>('SELECT doc FROM phones WHERE user_id = ? ORDER BY created_at, id'),
    insertPhone: db.prepare('INSERT INTO phones (user_id, mac, created_at, doc, list_doc, id) VALUES (?, ?, ?, ?, ?, ?)'),
    updatePhone: db.prepare('UPDATE phones SET user_id = ?, mac = ?, created_at = ?, doc = ?, list_doc = ? WHERE id = ?'),
    deletePhone: db.prepare('DELETE FROM phones WHERE id = ?'),
    insertLine: db.prepare('INSERT INTO phone_lines (phone_id, user_id) VALUES (?, ?)'),
    deleteLinesOfPhone: db.prepare('DELETE FROM phone_lines WHERE phone_id = ?'),
    phonesCarrying: db.prepare<[string], Doc>('SELECT p.doc FROM phone_lines l JOIN phones p ON p.id = l.phone_id WHERE l.user_id = ? ORDER BY p.created_at, p.id'),
    lineMacsOfUser: db.prepare<[string], { mac: string }>('SELECT p.mac FROM phone_lines l JOIN phones p ON p.id = l.phone_id WHERE l.user_id = ?'),
    phoneIdByMac: db.prepare<[string], Id>('SELECT id FROM phones WHERE mac = ?'),
    phoneDoc: db.prepare<[string], Doc>('SELECT doc FROM phones WHERE id = ?'),
    phoneById: db.prepare<[string], PhoneRow>(`${PHONE_COLUMNS} WHERE p.id = ?`),
    phoneByMac: db.prepare<[string], PhoneRow>(`${PHONE_COLUMNS} WHERE p.mac = ?`),
    upsertSighting: db.prepare(
      'INSERT INTO sightings (mac, at, ip, user_agent) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (mac) DO UPDATE SET at = excluded.at, ip = excluded.ip, user_agent = excluded.user_agent'
    ),
    networkDoc: db.prepare<[], Doc>('SELECT doc FROM network WHERE id = 1'),
    claim: db.prepare<[string], { fingerprint: string; id: string }>('SELECT fingerprint, resource_id AS id FROM idempotency WHERE key = ?'),
    insertClaim: db.prepare('INSERT INTO idempotency (key, fingerprint, resource_id, expires_at) VALUES (?, ?, ?, ?)'),
    purgeClaims: db.prepare('DELETE FROM idempotency WHERE expires_at <= ?'),
    epoch: db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'epoch'"),
    insertEpoch: db.prepare("INSERT INTO meta (key, value) VALUES ('epoch', ?) ON CONFLICT (key) DO NOTHING"),
    putNetwork: db.prepare('INSERT INTO network (id, doc) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc'),
  };
}

/**
 * Runs list queries: the page and the count share one WHERE and one read transaction. Their
 * SQL depends on the query's shape, so statements are cached by text (a bounded cache).
 */
export function createListRunner(db: SqliteDb) {
  const cache = new Map<string, Statement<unknown[]>>();
  const statement = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      if (cache.size >= 200) cache.delete(cache.keys().next().value!);
      s = db.prepare<unknown[]>(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const read = db.transaction((query: ListQuery, t: ListTable, userId: string | undefined) => {
    const where = whereSql(query, t.src);
    const cond = userId !== undefined && t.userId ? `${t.userId} = ? AND ${where.sql}` : where.sql;
    const params = userId !== undefined && t.userId ? [userId, ...where.params] : where.params;
    const from = query.filter === undefined && query.search === undefined ? t.countFrom : t.from;
    const count = (statement(`SELECT count(*) AS n FROM ${from} WHERE ${cond}`).get(...params) as { n: number }).n;
    const order = orderSql(query, t.src, t.createdAt, t.id);
    const rows = statement(`SELECT ${t.select} FROM ${t.from} WHERE ${cond} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, query.top, query.skip);
    return { count, rows };
  });
  return <R>(query: ListQuery, t: ListTable, userId?: string) => read(query, t, userId) as { count: number; rows: R[] };
}
