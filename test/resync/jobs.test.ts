/** Bulk resync jobs: selection, pacing (seen by sipp's receive times) and per-phone results. */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import type { User } from '../../src/domain/user.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createResyncJobs, type ResyncJob, type ResyncJobs } from '../../src/resync/jobs.js';
import { createNotifySender } from '../../src/resync/notify-sender.js';
import { createResyncService } from '../../src/resync/service.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { makePhone, makeUser, type PhoneOverrides } from '../helpers/records.js';
import { hasSipp, startSippUas, type SippUas } from './sipp.js';

const registry = createVendorRegistry(loadVendors(fileURLToPath(new URL('../../templates/', import.meta.url))));
const sipp = hasSipp();
const logger = createLogger({ level: 'silent' });

let store: Store;
let jobs: ResyncJobs | undefined;
let uas: SippUas | undefined;

beforeEach(() => {
  store = createMemoryStore();
});
afterEach(async () => {
  jobs?.close();
  await uas?.stop();
  uas = undefined;
  await store.close();
});

function jobsFor(sipPort: number, ratePerSecond: number, timeoutMs = 3000): ResyncJobs {
  const resync = createResyncService({ store, registry, sender: createNotifySender({ timeoutMs }), sipPort, logger, metrics: createMetrics() });
  return (jobs = createResyncJobs({ store, resync, ratePerSecond, logger }));
}

async function addUser(): Promise<User> {
  const user = makeUser();
  await store.insertUser(user);
  return user;
}

async function addPhone(user: User, seen: boolean, overrides: PhoneOverrides = {}): Promise<Mac> {
  const phone = makePhone(user, overrides);
  await store.insertPhone(phone);
  if (seen) await store.recordSighting(phone.mac, { at: new Date().toISOString(), ip: '127.0.0.1', user_agent: 'test' });
  return phone.mac;
}

async function finished(id: string): Promise<ResyncJob> {
  for (let i = 0; i < 200; i++) {
    const job = jobs!.get(id);
    if (job.state === 'done') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

describe.skipIf(!sipp)('resync jobs against sipp', () => {
  it('sends one NOTIFY per phone at most rate per second, and reports each', async () => {
    uas = await startSippUas({ calls: 5 });
    const user = await addUser();
    const macs = [];
    for (let i = 0; i < 5; i++) macs.push(await addPhone(user, true));
    const started = await jobsFor(uas.port, 4).start({ all: true }, false);

    const job = await finished(started.id);

    expect(started).toMatchObject({ state: 'running', total: 5, rate_per_second: 4 });
    expect(job.counts).toEqual({ ok: 5, rejected: 0, no_answer: 0, skipped: 0, sending: 0, pending: 0 });
    expect(job.items.map((i) => i.mac)).toEqual([...macs].sort());
    // 4 per second: sent 250 ms apart (the job's sent_at, taken as each slot opens), and so
    // received at the phones (sipp's clock), where a loaded machine may shift one NOTIFY a little.
    const sent = job.items.map((i) => Date.parse((i as { sent_at: string }).sent_at));
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(248);
    const times = uas.notifyTimes();
    expect(times).toHaveLength(5);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(150);
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(900);
    expect(times[4]! - times[0]!).toBeLessThan(3000);
  });

  it('skips phones never seen without spending a slot, and selects by user and by model', async () => {
    uas = await startSippUas({ calls: 2 });
    const alice = await addUser();
    const bob = await addUser();
    const seen = await addPhone(alice, true, { model: 'T46U' });
    const unseen = await addPhone(alice, false, { model: 'T46U' });
    await addPhone(bob, true, { model: 'T46U' });
    await addPhone(bob, true, { model: 'T42S' });
    const runner = jobsFor(uas.port, 1);

    const byUser = await finished((await runner.start({ user_id: alice.id }, false)).id);
    const byModel = await finished((await runner.start({ vendor: 'YEALINK', model: 't42s' }, true)).id);

    expect(byUser.items.find((i) => i.mac === seen)).toMatchObject({ result: 'ok' });
    expect(byUser.items.find((i) => i.mac === unseen)).toMatchObject({ result: 'skipped', code: 'PROV_ERR_RESYNC_NEVER_SEEN' });
    expect(byModel).toMatchObject({ total: 1, reboot: true, counts: { ok: 1 } });
    expect(uas.notifies().map((n) => /^Event: (.*?)\s*$/m.exec(n)?.[1])).toEqual(['check-sync;reboot=false', 'check-sync;reboot=true']);
    expect(runner.list().map((j) => j.id)).toEqual([byModel.id, byUser.id]);
  });
});

describe.skipIf(!sipp)('resync jobs sharing the pace', () => {
  it('keeps two jobs running at once to the one rate in all', async () => {
    uas = await startSippUas({ calls: 4 });
    const alice = await addUser();
    const bob = await addUser();
    for (const user of [alice, bob, alice, bob]) await addPhone(user, true);
    const runner = jobsFor(uas.port, 5);

    const jobsStarted = await Promise.all([runner.start({ user_id: alice.id }, false), runner.start({ user_id: bob.id }, false)]);
    await Promise.all(jobsStarted.map((j) => finished(j.id)));

    // 5 per second in all: 200 ms between any two NOTIFYs, whichever job sent them.
    const times = uas.notifyTimes().sort((x, y) => x - y);
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(160);
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(570);
  });
});

describe('resync jobs', () => {
  it('reports phones that do not answer as no_answer once their timer F ran out', async () => {
    const user = await addUser();
    await addPhone(user, true);
    const runner = jobsFor(9, 10, 600); // port 9 (discard): nothing answers SIP there

    const job = await finished((await runner.start({ all: true }, false)).id);

    expect(job.counts).toMatchObject({ no_answer: 1 });
    expect(job.items[0]).toMatchObject({ result: 'no_answer', sent_to: '127.0.0.1:9' });
  });

  it('refuses an unknown user and an unknown job id', async () => {
    const runner = jobsFor(9, 1);

    await expect(runner.start({ user_id: 'nobody' }, false)).rejects.toMatchObject({ code: 'PROV_ERR_USER_NOT_FOUND' });
    expect(() => runner.get('nope')).toThrow(expect.objectContaining({ code: 'PROV_ERR_RESYNC_JOB_NOT_FOUND' }));
  });
});
