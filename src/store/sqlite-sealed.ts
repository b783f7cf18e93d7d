/**
 * @module The SQLite store's records as key rotation and the first-start re-seal see them
 * (SealedRecords, src/secrets/rotate.ts), and schema steps 7 and 8, which re-seal what older
 * versions wrote plain or sealed field by field. Rows are walked in id order a page at a time,
 * each page read and rewritten (doc, list_doc and, for users, the token index column) in one
 * IMMEDIATE transaction: no other connection can write between a row's read and its rewrite, which
 * is the SealedRecords condition; a server writing meanwhile waits for the page (its busy timeout
 * is 5 s).
 */
import type { RecordCodec, SealedRecord } from '../secrets/codec.js';
import type { RecordKind, RecordTypes } from '../secrets/fields.js';
import type { RecordVisitor, SealedRecords } from '../secrets/rotate.js';
import { parseDoc } from './doc.js';
import { createSealUpgrade } from './seal-upgrade.js';
import { listDocOf } from './sqlite-list-doc.js';
import type { SqliteDb, Statement } from './sqlite-schema.js';
import type { StoreNotice } from './types.js';

/** Rows per page: one transaction holds the write lock for about this many seals (~10 ms). */
const PAGE = 500;

export interface SqliteRecords extends SealedRecords {
  /** forEachRecord, synchronously (inside a schema step's transaction). */
  walk<K extends RecordKind>(kind: K, visit: RecordVisitor<K>): void;
}

type Row = { id: string; doc: string };

/** The table of each kind of record (`id` and `doc` columns). */
const TABLES: { readonly [K in RecordKind]: string } = { user: 'users', phone: 'phones', rps_account: 'rps_accounts' };

/** The records of `db` (tables at schema 5 or later). Unreadable rows are named through `notice`. */
export function createSqliteRecords(db: SqliteDb, notice: StoreNotice): SqliteRecords {
  // Prepared at first use: a schema step walks users and phones before later tables exist.
  const prepared = new Map<string, Statement>();
  const statement = <P extends unknown[], R = unknown>(sql: string) => {
    if (!prepared.has(sql)) prepared.set(sql, db.prepare(sql));
    return prepared.get(sql) as Statement<P, R>;
  };
  const page = (kind: RecordKind) => statement<[string, number], Row>(`SELECT id, doc FROM ${TABLES[kind]} WHERE id > ? ORDER BY id LIMIT ?`);
  const rewrite = (kind: RecordKind, id: string, next: SealedRecord<object>) => {
    const text = JSON.stringify(next.doc);
    if (kind === 'user') statement('UPDATE users SET provision_token = ?, doc = ?, list_doc = ? WHERE id = ?').run(next.tokenKey, text, listDocOf(next.doc), id);
    else if (kind === 'phone') statement('UPDATE phones SET doc = ?, list_doc = ? WHERE id = ?').run(text, listDocOf(next.doc), id);
    else statement(`UPDATE ${TABLES[kind]} SET doc = ? WHERE id = ?`).run(text, id);
  };
  const visitRow = <K extends RecordKind>(kind: K, row: Row, visit: RecordVisitor<K>, unreadable: string[]) => {
    let doc: RecordTypes[K];
    try {
      doc = parseDoc<RecordTypes[K]>(row.doc, `${kind} ${row.id}`);
    } catch {
      unreadable.push(row.id);
      return;
    }
    const next = visit(doc);
    if (next) rewrite(kind, row.id, next);
  };
  /** Visits the page of rows after `after`; answers its last id, undefined past the end. */
  const visitPage = <K extends RecordKind>(kind: K, after: string, visit: RecordVisitor<K>, unreadable: string[]) =>
    db.transaction(() => {
      const rows = page(kind).all(after, PAGE);
      for (const row of rows) visitRow(kind, row, visit, unreadable);
      return rows.at(-1)?.id;
    }).immediate();
  const reportUnreadable = (kind: RecordKind, ids: string[]) => {
    if (ids.length) notice({ kind, ids }, `${ids.length} ${kind} rows are not JSON objects; not re-sealed (reading them reports PROV_ERR_STORE_CORRUPT)`);
  };

  return {
    walk(kind, visit) {
      const unreadable: string[] = [];
      for (let after = visitPage(kind, '', visit, unreadable); after !== undefined; after = visitPage(kind, after, visit, unreadable));
      reportUnreadable(kind, unreadable);
    },
    async forEachRecord(kind, visit) {
      const unreadable: string[] = [];
      for (let after = visitPage(kind, '', visit, unreadable); after !== undefined; after = visitPage(kind, after, visit, unreadable)) {
        await new Promise((resolve) => setImmediate(resolve)); // let the process answer between pages
      }
      reportUnreadable(kind, unreadable);
    },
  };
}

/** What a schema step gets besides the connection. */
export interface MigrationContext {
  readonly notice: StoreNotice;
  readonly codec: RecordCodec;
}

/**
 * Schema steps 7 and 8: re-seals under `codec`'s current key every record an older version wrote
 * plain (7) or sealed field by field (8; `codec.needsReseal` marks both), and re-keys its token
 * index entry (users and phones only: RPS accounts, step 9, were always written sealed). Answers 'scrub' when it rewrote a record, so the caller rebuilds the file: the
 * plain text of the rewritten rows must not stay in free pages or the WAL. Opened without a
 * sealing codec (tests of plain records) it has nothing to do.
 */
export function resealOldRecords(db: SqliteDb, { codec, notice }: MigrationContext): 'scrub' | undefined {
  if (!codec.sealing) return undefined;
  const records = createSqliteRecords(db, notice);
  const upgrade = createSealUpgrade(codec);
  for (const kind of ['user', 'phone'] as const) records.walk(kind, upgrade.visitor(kind));
  upgrade.report(notice);
  return upgrade.resealed() > 0 ? 'scrub' : undefined;
}
