/**
 * @module The SQLite store's RPS tables (schema step 9) and its marks: a mark bumps the MAC's
 * generation in `rps_outcomes` (which never loses a row, so generations only grow per MAC),
 * sets the outcome `pending` and upserts the MAC's row in `rps_jobs`. Marks run inside the
 * transaction of the write that makes them (sqlite-writes.ts), so they commit or roll back with it.
 *
 * `rps_jobs.ready_at` is when a job may be leased: max(due_at, lease_until), kept by every write
 * of the row, so a lease reads one index range (`ready_at <= now`) in order.
 */
import type { Mac } from '../domain/mac.js';
import type { RpsMark } from './rps-records.js';
import type { SqliteDb } from './sqlite-schema.js';
import type { StoreNotice } from './types.js';

/** Schema step 9's tables. `phones_rps` indexes the MACs of phones with `rps: true` (list_doc holds `rps`). */
const RPS_TABLES = `
  CREATE TABLE IF NOT EXISTS rps_accounts (
    id  TEXT PRIMARY KEY,
    doc TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS rps_outcomes (
    mac        TEXT PRIMARY KEY,
    status     TEXT NOT NULL,
    message    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    url        TEXT,
    generation INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS rps_jobs (
    mac         TEXT PRIMARY KEY,
    generation  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    override    INTEGER NOT NULL,
    release     TEXT,
    lease_owner TEXT,
    lease_until INTEGER,
    ready_at    INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS rps_jobs_ready ON rps_jobs(ready_at, mac);
  CREATE INDEX IF NOT EXISTS phones_rps ON phones(mac) WHERE ${rpsOn('list_doc')};`;

export interface SqliteRpsMarks {
  /** Applies `marks` at `now` (ms); inside the caller's transaction. */
  mark(marks: readonly RpsMark[], now: number, override?: boolean): void;
  /** MACs of the phones with `rps: true`, of one user or of all. */
  rpsMacs(userId?: string): Mac[];
}

/** The mark statements over `db` (tables of step 9 must exist). */
export function prepareRpsMarks(db: SqliteDb): SqliteRpsMarks {
  const bump = db.prepare<[string, string], { generation: number }>(
    `INSERT INTO rps_outcomes (mac, status, message, updated_at, url, generation) VALUES (?, 'pending', '', ?, NULL, 1)
     ON CONFLICT (mac) DO UPDATE SET status = 'pending', message = '', updated_at = excluded.updated_at, generation = generation + 1
     RETURNING generation`
  );
  // A live lease is kept (its holder runs the job); the release is kept unless the mark brings one.
  const upsertJob = db.prepare(
    `INSERT INTO rps_jobs (mac, generation, attempts, due_at, override, release, lease_owner, lease_until, ready_at)
     VALUES (@mac, @generation, 0, @now, @override, @release, NULL, NULL, @now)
     ON CONFLICT (mac) DO UPDATE SET generation = excluded.generation, attempts = 0, due_at = excluded.due_at,
       override = excluded.override, release = coalesce(excluded.release, release), ready_at = max(excluded.due_at, coalesce(lease_until, 0))`
  );
  const allMacs = db.prepare<[], Mac>(`SELECT mac FROM phones WHERE ${rpsOn('list_doc')}`).pluck();
  const userMacs = db.prepare<[string], Mac>(`SELECT mac FROM phones WHERE user_id = ? AND ${rpsOn('list_doc')}`).pluck();
  return {
    mark(marks, now, override = false) {
      const at = new Date(now).toISOString();
      for (const { mac, release } of marks) {
        const { generation } = bump.get(mac, at)!;
        upsertJob.run({ mac, generation, now, override: override ? 1 : 0, release: release ? JSON.stringify(release) : null });
      }
    },
    rpsMacs: (userId) => (userId === undefined ? allMacs.all() : userMacs.all(userId)),
  };
}

/**
 * Schema step 9: the RPS tables, and a mark for every phone stored with `rps: true` (before this
 * version `rps: true` was stored and nothing happened; now it registers).
 */
export function addRpsTables(db: SqliteDb, notice: StoreNotice): void {
  db.exec(RPS_TABLES);
  const marks = prepareRpsMarks(db);
  const macs = marks.rpsMacs();
  marks.mark(macs.map((mac) => ({ mac })), Date.now());
  if (macs.length > 0) {
    notice({ phones: macs.length }, `${macs.length} phones stored with rps: true are queued for registration at their vendor's redirect service (older versions stored rps: true and did nothing)`);
  }
}

// --- internal ---

/** The condition "the phone has rps: true" on a phone's list_doc column (also the partial index's). */
function rpsOn(listDoc: string): string {
  return `json_type(${listDoc}, '$.rps') = 'true'`;
}
