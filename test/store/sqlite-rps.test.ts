/**
 * What only the SQLite store does for the RPS life cycle (issue 10, §3): the outbox survives a
 * restart, two connections on one file (PROV_WORKERS > 1) never lease one job twice, and schema
 * step 9 marks every phone an older version stored with `rps: true` (it was stored and ignored).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { expectProvError, phoneQuery, readBack } from './contract/support.js';

const root = await mkdtemp(join(tmpdir(), 'provd-sqlite-rps-'));
let n = 0;
const freshFile = () => join(root, `db${++n}`, 'provd.sqlite');

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('sqlite store RPS outbox on disk', () => {
  it('keeps jobs, leases, outcomes and accounts across a restart', async () => {
    const file = freshFile();
    const first = createSqliteStore({ file });
    const u = makeUser();
    const [p, q] = [makePhone(u, { rps: true }), makePhone(u, { rps: true })];
    await first.insertUser(u);
    await first.insertPhone(p);
    await first.insertPhone(q);
    const now = Date.now();
    const leased = await first.leaseRpsJobs('before-restart', now, 60_000, 1);
    const account = { vendor: 'snom', flavour: 'snom-sraps', access_key_id: 'id', access_key_secret: 'secret', created_at: 'x', updated_at: 'x' };
    await first.putRpsAccount(account);
    await first.close();

    const second = createSqliteStore({ file });
    expect(await second.countRpsJobs()).toBe(2);
    const other = await second.leaseRpsJobs('after-restart', now, 60_000, 10);
    expect(other.map((j) => j.mac)).not.toContain(leased[0]!.mac); // the lease survived too
    expect(await second.completeRpsJob('before-restart', leased[0]!, { status: 'registered', message: '', updated_at: 'y' })).toBe(true);
    expect(await second.getRpsAccount('snom')).toStrictEqual(account);
    expect((await second.listPhones(phoneQuery({ filter: "rps_status eq 'registered'" }))).count).toBe(1);
    await second.close();
  });

  it('never leases one job to two connections on the same file', async () => {
    const file = freshFile();
    const [a, b] = [createSqliteStore({ file }), createSqliteStore({ file })];
    const u = makeUser();
    await a.insertUser(u);
    for (let i = 0; i < 10; i++) await a.insertPhone(makePhone(u, { rps: true }));
    const now = Date.now();

    const leases = await Promise.all([a, b, a, b].map((s, i) => s.leaseRpsJobs(`w${i}`, now, 60_000, 3)));

    const macs = leases.flat().map((j) => j.mac);
    expect(macs).toHaveLength(10);
    expect(new Set(macs).size).toBe(10);
    await a.close();
    await b.close();
  });

  it('marks, at the upgrade to schema 9, every phone stored with rps: true, and says so', async () => {
    const file = freshFile();
    const old = createSqliteStore({ file });
    const u = makeUser();
    const [on1, on2, off] = [makePhone(u, { rps: true }), makePhone(u, { rps: true, serial_number: 'S' }), makePhone(u)];
    await old.insertUser(u);
    for (const p of [on1, on2, off]) await old.insertPhone(p);
    await old.close();
    const raw = new Database(file);
    raw.exec('DROP TABLE rps_jobs; DROP TABLE rps_outcomes; DROP TABLE rps_accounts; DROP INDEX phones_rps'); // schema 8 had none
    raw.pragma('user_version = 8');
    raw.close();
    const notices: { details: Record<string, unknown>; message: string }[] = [];
    const before = Date.now();

    const store = createSqliteStore({ file, notice: (details, message) => notices.push({ details, message }) });

    expect(notices).toEqual([{ details: { phones: 2 }, message: expect.stringMatching(/2 phones stored with rps: true are queued for registration/) }]);
    expect(await store.countRpsJobs()).toBe(2);
    const jobs = await store.leaseRpsJobs('w', Date.now(), 60_000, 10);
    expect(jobs.map((j) => j.mac).sort()).toEqual([on1.mac, on2.mac].sort());
    for (const job of jobs) expect(job).toMatchObject({ attempts: 0, override: false });
    expect(jobs.every((j) => j.release === undefined && j.due_at >= before)).toBe(true);
    expect(await store.getPhone(on1.id)).toMatchObject({ rps_status: 'pending', rps_message: '' });
    expect(await store.getPhone(off.id)).toStrictEqual(readBack(off));
    await store.close();
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('refuses RPS writes once its claimed data-epoch marker is gone', async () => {
    const file = freshFile();
    const s = createSqliteStore({ file });
    const u = makeUser();
    const p = makePhone(u, { rps: true });
    await s.insertUser(u);
    await s.insertPhone(p);
    const [job] = await s.leaseRpsJobs('w', Date.now(), 60_000, 10);
    await s.claimEpoch('epoch-1');
    const raw = new Database(file);
    raw.prepare("DELETE FROM meta WHERE key = 'epoch'").run();
    const outcome = { status: 'registered', message: '', updated_at: 'x' } as const;

    await expectProvError(s.markRps(p.mac), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.leaseRpsJobs('w', Date.now(), 60_000, 10), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.completeRpsJob('w', job!, outcome), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.retryRpsJob('w', job!, Date.now(), outcome), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.putRpsAccount({ vendor: 'snom', flavour: 'snom-sraps', created_at: 'x', updated_at: 'x' }), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.deleteRpsAccount('snom'), 'PROV_ERR_STORE_DATA_LOST');

    raw.prepare("INSERT INTO meta (key, value) VALUES ('epoch', 'epoch-1')").run();
    raw.close();
    expect(await s.completeRpsJob('w', job!, outcome)).toBe(true);
    await s.close();
  });

  it('finds the phones to mark on a network change through the partial index, not a scan of every phone', () => {
    const file = freshFile();
    createSqliteStore({ file }).close();
    const raw = new Database(file);
    const plan = raw.prepare("EXPLAIN QUERY PLAN SELECT mac FROM phones WHERE json_type(list_doc, '$.rps') = 'true'").all() as { detail: string }[];
    raw.close();
    expect(plan.map((r) => r.detail).join('\n')).toMatch(/USING (COVERING )?INDEX phones_rps/);
  });
});
