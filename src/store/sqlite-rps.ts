/**
 * @module The SQLite store's RpsStore methods (rps-types.ts) over the tables of schema step 9
 * (sqlite-rps-marks.ts). Every write is an IMMEDIATE transaction under the store's data-epoch
 * fence: it holds the file's write lock from its first read, so two processes on one file (with
 * PROV_WORKERS > 1) never both lease a job or both end one.
 */
import type { Mac } from '../domain/mac.js';
import { decodeRecord, encodeRecord, type RecordCodec } from './codec.js';
import { parseDoc } from './doc.js';
import { accountOf, accountRecord } from './rps-records.js';
import type { RpsAccountRecord, RpsJob, RpsOutcome, RpsRelease, RpsStatus, RpsStore } from './rps-types.js';
import type { SqliteRpsMarks } from './sqlite-rps-marks.js';
import type { SqliteDb } from './sqlite-schema.js';
import type { createSqliteWrites } from './sqlite-writes.js';

type Fenced = ReturnType<typeof createSqliteWrites>['fenced'];
interface JobRow {
  readonly mac: Mac;
  readonly generation: number;
  readonly attempts: number;
  readonly due_at: number;
  readonly override: number;
  readonly release: string | null;
  readonly lease_owner: string | null;
}
interface OutcomeRow {
  readonly status: RpsStatus;
  readonly message: string;
  readonly updated_at: string;
  readonly url: string | null;
}

/**
 * The RpsStore of a SQLite store. `run` maps driver errors (as the store's other calls do);
 * `fenced` is the store's write fence (sqlite-writes.ts).
 */
export function createSqliteRps(db: SqliteDb, fenced: Fenced, codec: RecordCodec, marks: SqliteRpsMarks, run: <T>(work: () => T) => T): RpsStore {
  const st = prepareRpsStatements(db);
  const writeOutcome = (mac: Mac, o: RpsOutcome) => st.writeOutcome.run(mac, o.status, o.message, o.updated_at, o.url ?? null);
  /** The job of `mac` while `owner` holds its lease (expired or not, as long as nobody took it). */
  const leasedBy = (owner: string, mac: Mac) => {
    const row = st.job.get(mac);
    return row?.lease_owner === owner ? row : undefined;
  };

  const markRps = fenced((mac: Mac, override: boolean) => {
    if (!st.phoneByMac.get(mac)) return false;
    marks.mark([{ mac }], Date.now(), override);
    return true;
  });
  const lease = fenced((owner: string, now: number, leaseMs: number, limit: number) => {
    const rows = st.ready.all(now, Math.max(0, limit));
    const until = now + leaseMs;
    for (const row of rows) st.setLease.run(owner, until, Math.max(row.due_at, until), row.mac);
    return rows.map(jobOf);
  });
  const complete = fenced((owner: string, job: RpsJob, outcome: RpsOutcome) => {
    const row = leasedBy(owner, job.mac);
    if (!row) return false;
    if (row.generation === job.generation) {
      st.deleteJob.run(job.mac);
      writeOutcome(job.mac, outcome);
    } else {
      st.dropLease.run(job.mac); // marked meanwhile: due as the mark left it
      if (st.outcome.get(job.mac)?.status !== 'pending') writeOutcome(job.mac, outcome);
    }
    return true;
  });
  const retry = fenced((owner: string, job: RpsJob, dueAt: number, outcome: RpsOutcome) => {
    const row = leasedBy(owner, job.mac);
    if (!row) return false;
    if (row.generation !== job.generation) {
      st.dropLease.run(job.mac);
      return true;
    }
    st.retryJob.run(dueAt, dueAt, job.mac);
    writeOutcome(job.mac, outcome);
    return true;
  });
  const putAccount = fenced((record: RpsAccountRecord) => void st.putAccount.run(record.id, encodeRecord(codec, 'rps_account', record).text));
  const deleteAccount = fenced((vendor: string) => st.deleteAccount.run(vendor).changes > 0);
  const account = (doc: string) => accountOf(decodeRecord<RpsAccountRecord>(codec, 'rps_account', doc, 'rps account'));

  return {
    markRps: async (mac, options) => run(() => markRps.immediate(mac, options?.override ?? false)),
    leaseRpsJobs: async (owner, now, leaseMs, limit) => run(() => lease.immediate(owner, now, leaseMs, limit)),
    completeRpsJob: async (owner, job, outcome) => run(() => complete.immediate(owner, job, outcome)),
    retryRpsJob: async (owner, job, dueAt, outcome) => run(() => retry.immediate(owner, job, dueAt, outcome)),
    countRpsJobs: async () => run(() => st.countJobs.get()!.n),
    async getRpsOutcome(mac) {
      const row = run(() => st.outcome.get(mac));
      return row && outcomeOf(row);
    },
    putRpsAccount: async (a) => run(() => putAccount.immediate(accountRecord(a))),
    async getRpsAccount(vendor) {
      const row = run(() => st.account.get(vendor));
      return row && account(row.doc);
    },
    listRpsAccounts: async () => run(() => st.accounts.all().map((r) => account(r.doc))),
    deleteRpsAccount: async (vendor) => run(() => deleteAccount.immediate(vendor)),
  };
}

// --- internal ---

function prepareRpsStatements(db: SqliteDb) {
  const JOB = 'mac, generation, attempts, due_at, override, release, lease_owner';
  return {
    phoneByMac: db.prepare<[string], { id: string }>('SELECT id FROM phones WHERE mac = ?'),
    job: db.prepare<[string], JobRow>(`SELECT ${JOB} FROM rps_jobs WHERE mac = ?`),
    ready: db.prepare<[number, number], JobRow>(`SELECT ${JOB} FROM rps_jobs WHERE ready_at <= ? ORDER BY ready_at, mac LIMIT ?`),
    setLease: db.prepare('UPDATE rps_jobs SET lease_owner = ?, lease_until = ?, ready_at = ? WHERE mac = ?'),
    dropLease: db.prepare('UPDATE rps_jobs SET lease_owner = NULL, lease_until = NULL, ready_at = due_at WHERE mac = ?'),
    retryJob: db.prepare('UPDATE rps_jobs SET attempts = attempts + 1, due_at = ?, ready_at = ?, lease_owner = NULL, lease_until = NULL WHERE mac = ?'),
    deleteJob: db.prepare('DELETE FROM rps_jobs WHERE mac = ?'),
    countJobs: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rps_jobs'),
    outcome: db.prepare<[string], OutcomeRow>('SELECT status, message, updated_at, url FROM rps_outcomes WHERE mac = ?'),
    // The generation stays: it is the MAC's, not the outcome's (a row missing here starts at 0).
    writeOutcome: db.prepare(
      `INSERT INTO rps_outcomes (mac, status, message, updated_at, url, generation) VALUES (?, ?, ?, ?, ?, 0)
       ON CONFLICT (mac) DO UPDATE SET status = excluded.status, message = excluded.message, updated_at = excluded.updated_at, url = excluded.url`
    ),
    putAccount: db.prepare('INSERT INTO rps_accounts (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc'),
    account: db.prepare<[string], { doc: string }>('SELECT doc FROM rps_accounts WHERE id = ?'),
    accounts: db.prepare<[], { doc: string }>('SELECT doc FROM rps_accounts ORDER BY id'),
    deleteAccount: db.prepare('DELETE FROM rps_accounts WHERE id = ?'),
  };
}

function jobOf(row: JobRow): RpsJob {
  const job = { mac: row.mac, override: row.override === 1, generation: row.generation, attempts: row.attempts, due_at: row.due_at };
  return row.release === null ? job : { ...job, release: parseDoc<RpsRelease>(row.release, `rps job ${row.mac}: release`) };
}

/** An outcome row as the contract answers it (no `url` key when none is held). */
export function outcomeOf(row: OutcomeRow): RpsOutcome {
  const base = { status: row.status, message: row.message, updated_at: row.updated_at };
  return row.url === null ? base : { ...base, url: row.url };
}
