/**
 * The RPS job runner (src/redirect/jobs/) on the memory store against the Yealink legacy XML-RPC
 * mock: phone writes fill the outbox, the runner makes the service hold what the phone wants now.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../helpers/server-process.js';
import { startRunnerWorld, type RunnerWorld } from './runner-world.js';

describe('RPS job runner', () => {
  let w: RunnerWorld;
  beforeEach(async () => {
    w = await startRunnerWorld();
  });
  afterEach(() => w.close());

  it("registers a phone with rps: true at its vendor's service with the URL the API shows", async () => {
    const phone = await w.addPhone();

    w.runner();
    const outcome = await w.outcome(phone.mac, 'registered');

    expect(w.mock.held(phone.mac)).toBe(w.urlOf(phone));
    expect(outcome).toMatchObject({ status: 'registered', message: '', url: w.urlOf(phone) });
    expect(await w.store.countRpsJobs()).toBe(0);
    expect(w.metrics.render()).toContain('provd_rps_jobs_total{result="registered",vendor="yealink"} 1');
    expect(JSON.stringify(w.logs)).not.toContain(w.user.provision_token); // the URL names the folder: never logged
  });

  it('registers the https URL of a phone with https: true', async () => {
    const phone = await w.addPhone({ https: true });

    w.runner();
    await w.outcome(phone.mac, 'registered');

    expect(w.mock.held(phone.mac)).toMatch(/^https:\/\/prov\.example\.com:8443\/provision\/[0-9a-f]+\/$/);
  });

  it('registers again when the URL changes (folder rotated), and the service then holds the new URL', async () => {
    const phone = await w.addPhone();
    w.runner();
    await w.outcome(phone.mac, 'registered');

    const rotated = await w.store.updateUser(w.user.id, (u) => ({ ...u, provision_token: 'f'.repeat(32) }));
    await until('the new URL registered', async () => ((await w.store.getRpsOutcome(phone.mac))?.url === w.urlOf(phone, rotated) ? true : undefined), 5_000);

    expect(w.mock.held(phone.mac)).toBe(w.urlOf(phone, rotated));
    expect(w.registerCalls(phone.mac)).toBe(3); // once, then "Existing MAC(s)", freed, once more
  });

  it('unregisters a phone that is deleted, and its MAC shows disabled', async () => {
    const phone = await w.addPhone();
    w.runner();
    await w.outcome(phone.mac, 'registered');

    await w.store.deletePhone(phone.id);
    await w.outcome(phone.mac, 'disabled');

    expect(w.mock.held(phone.mac)).toBeUndefined();
    expect(w.mock.calls.at(-1)?.method).toBe('redirect.deRegisterDevice');
  });

  it('unregisters a phone set to rps: false', async () => {
    const phone = await w.addPhone();
    w.runner();
    await w.outcome(phone.mac, 'registered');

    await w.store.updatePhone(phone.id, (p) => ({ ...p, rps: false }));
    await w.outcome(phone.mac, 'disabled');

    expect(w.mock.held(phone.mac)).toBeUndefined();
  });

  it("ends with owned_by_other, never retried, when another account holds the MAC", async () => {
    const phone = await w.addPhone();
    w.mock.ownByOther(phone.mac);

    w.runner();
    const outcome = await w.outcome(phone.mac, 'owned_by_other');
    await new Promise((r) => setTimeout(r, 150)); // several polls and retry delays

    expect(outcome.message).toContain('Error:9f3ab2c41d');
    expect(w.registerCalls(phone.mac)).toBe(1);
    expect(await w.store.countRpsJobs()).toBe(0);
  });

  it('takes the MAC over when the job was marked with override', async () => {
    const phone = await w.addPhone();
    w.mock.ownByOther(phone.mac);
    w.runner();
    await w.outcome(phone.mac, 'owned_by_other');

    await w.store.markRps(phone.mac, { override: true });
    await w.outcome(phone.mac, 'registered');

    expect(w.mock.held(phone.mac)).toBe(w.urlOf(phone));
    expect(w.mock.calls.at(-1)?.params[3]).toBe('1');
  });

  it('retries a service answering 5xx with backoff, then registers', async () => {
    const phone = await w.addPhone();
    w.mock.service.faults.status(2, 503);

    w.runner();
    const outcome = await w.outcome(phone.mac, 'registered');

    expect(outcome.url).toBe(w.urlOf(phone));
    expect(w.registerCalls(phone.mac)).toBe(1); // the 5xx requests never reached the service's methods
    expect(w.mock.service.requests).toHaveLength(3);
    expect(w.metrics.render()).toContain('provd_rps_jobs_total{result="retry",vendor="yealink"} 2');
    expect(w.logs.filter((l) => l.msg === 'redirect service unavailable: job retried later').map((l) => l.attempt)).toEqual([1, 2]);
  });

  it('gives up after the last attempt with error and the vendor words', async () => {
    const phone = await w.addPhone();
    w.mock.service.faults.status(10, 502);

    w.runner();
    const outcome = await w.outcome(phone.mac, 'error');

    expect(outcome.message).toMatch(/^gave up after 4 attempts: .*HTTP 502/);
    expect(w.mock.service.requests).toHaveLength(4);
    expect(await w.store.countRpsJobs()).toBe(0);
  });

  it('retries a call that hangs once its time limit is over', async () => {
    const phone = await w.addPhone();
    w.mock.service.faults.hang(1);

    w.runner({ callTimeoutMs: 300 });
    await w.outcome(phone.mac, 'registered');

    expect(w.mock.held(phone.mac)).toBe(w.urlOf(phone));
    expect(w.logs.find((l) => l.msg === 'redirect service unavailable: job retried later')?.message).toMatch(/no answer within 300 ms/);
  });

  it('lets the last intent win: a URL changed while the register of the old one is in flight ends with the new URL', async () => {
    const phone = await w.addPhone();
    w.mock.service.faults.stall(1); // the service binds the old URL, its answer never comes
    w.runner({ callTimeoutMs: 300 });
    await until('the first register at the service', () => (w.mock.held(phone.mac) ? true : undefined));

    const rotated = await w.store.updateUser(w.user.id, (u) => ({ ...u, provision_token: 'e'.repeat(32) }));
    const outcome = await w.outcome(phone.mac, 'registered');

    expect(outcome.url).toBe(w.urlOf(phone, rotated));
    expect(w.mock.held(phone.mac)).toBe(w.urlOf(phone, rotated));
  });

  it('reconciles a MAC once for all the writes made before it ran (rps on, off, on again)', async () => {
    const phone = await w.addPhone();
    await w.store.updatePhone(phone.id, (p) => ({ ...p, rps: false }));
    await w.store.updatePhone(phone.id, (p) => ({ ...p, rps: true }));

    w.runner();
    await w.outcome(phone.mac, 'registered');

    expect(w.registerCalls(phone.mac)).toBe(1);
  });

  it('ends with error, not retried, when the vendor has no account', async () => {
    await w.store.deleteRpsAccount('yealink');
    const phone = await w.addPhone();

    w.runner();
    const outcome = await w.outcome(phone.mac, 'error');

    expect(outcome.message).toContain('no redirect-service account for vendor yealink');
    expect(w.mock.service.requests).toHaveLength(0);
    expect(await w.store.countRpsJobs()).toBe(0);
  });

  it('uses a new client once the account changed (new credentials reach the service)', async () => {
    const phone = await w.addPhone();
    const account = (await w.store.getRpsAccount('yealink'))!;
    await w.store.putRpsAccount({ ...account, password: 'wrong', updated_at: new Date(Date.now() + 1000).toISOString() });
    w.runner();
    expect((await w.outcome(phone.mac, 'error')).message).toMatch(/refused the credentials/);

    await w.store.putRpsAccount({ ...account, updated_at: new Date(Date.now() + 2000).toISOString() });
    await w.store.markRps(phone.mac);

    await w.outcome(phone.mac, 'registered');
  });

  it('runs each job once with two runners on one store', async () => {
    const phones = await Promise.all(Array.from({ length: 6 }, () => w.addPhone()));

    w.runner();
    w.runner();
    for (const p of phones) await w.outcome(p.mac, 'registered');

    expect(phones.map((p) => w.registerCalls(p.mac))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('abandons a job in flight at stop within the stop timeout; another runner does it after the lease', async () => {
    const phone = await w.addPhone();
    w.mock.service.faults.hang(1);
    const first = w.runner({ callTimeoutMs: 400, stopTimeoutMs: 100 }); // its lease lasts 2 s
    await until('the first register sent', () => (w.mock.service.requests.length > 0 ? true : undefined));

    const started = Date.now();
    await first.stop();
    const stopTook = Date.now() - started;
    w.runner();

    expect(stopTook).toBeLessThan(400);
    expect(w.logs.some((l) => l.msg === 'redirect service jobs abandoned at stop (their leases expire; they run again later)')).toBe(true);
    expect((await w.outcome(phone.mac, 'registered')).url).toBe(w.urlOf(phone));
  }, 20_000);

  it('sets provd_rps_queue_depth from the outbox', async () => {
    await w.addPhone();
    await w.addPhone();
    w.mock.service.faults.status(100, 503);

    w.runner({ retry: { baseMs: 5_000, capMs: 5_000, maxAttempts: 3 } });

    await until('queue depth 2', () => (w.metrics.render().includes('provd_rps_queue_depth 2') ? true : undefined), 5_000);
  });
});
