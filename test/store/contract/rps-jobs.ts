/**
 * @module Store contract: the RPS outbox's jobs as runners see them (issue 10, §3;
 * src/store/rps-types.ts): leases (one owner per job at a time, expired leases taken over),
 * completion and retry bound to the lease and the generation, so the last intent wins.
 */
import { expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import type { Phone } from '../../../src/domain/phone.js';
import type { RpsJob, RpsOutcome } from '../../../src/store/rps-types.js';
import { makePhone, makeUser } from '../../helpers/records.js';
import type { ContractContext } from './support.js';

const AT = '2025-06-01T12:00:00.000Z';
const registered = (url: string): RpsOutcome => ({ status: 'registered', message: '', updated_at: AT, url });
const failed = (message: string): RpsOutcome => ({ status: 'error', message, updated_at: AT });
const macsOf = (jobs: readonly RpsJob[]) => jobs.map((j) => j.mac);

export function rpsJobTests(ctx: ContractContext): void {
  /** `count` phones with rps: true (each marked once). */
  const rpsPhones = async (count: number): Promise<Phone[]> => {
    const user = makeUser();
    await ctx.store.insertUser(user);
    const phones: Phone[] = [];
    for (let i = 0; i < count; i++) {
      const p = makePhone(user, { rps: true });
      await ctx.store.insertPhone(p);
      phones.push(p);
    }
    return phones;
  };
  const byMac = (jobs: readonly RpsJob[]) => new Map<Mac, RpsJob>(jobs.map((j) => [j.mac, j]));

  it('leases due jobs oldest first up to the limit, never one under another live lease, and takes over expired leases', async () => {
    const [a, b, c] = await rpsPhones(3);
    const now = Date.now();
    const leased = byMac(await ctx.store.leaseRpsJobs('o1', now, 1000, 10));
    expect([...leased.keys()].sort()).toEqual([a!.mac, b!.mac, c!.mac].sort());
    for (const [p, due] of [[a!, now + 300], [b!, now + 500], [c!, now + 100]] as const) {
      expect(await ctx.store.retryRpsJob('o1', leased.get(p.mac)!, due, failed('503'))).toBe(true);
    }

    expect(await ctx.store.leaseRpsJobs('o2', now + 99, 1000, 10)).toEqual([]);
    const first = await ctx.store.leaseRpsJobs('o2', now + 600, 1000, 2);
    expect(macsOf(first)).toEqual([c!.mac, a!.mac]);
    expect(first[0]).toMatchObject({ attempts: 1, due_at: now + 100 });
    expect(macsOf(await ctx.store.leaseRpsJobs('o3', now + 600, 5000, 10))).toEqual([b!.mac]);
    expect(await ctx.store.leaseRpsJobs('o3', now + 1599, 1000, 10)).toEqual([]);
    // Both of o2's leases end at now + 1600: due from then, so in MAC order.
    expect(macsOf(await ctx.store.leaseRpsJobs('o3', now + 1600, 1000, 10))).toEqual([a!.mac, c!.mac].sort());
    expect(await ctx.store.leaseRpsJobs('o4', now + 1600, 1000, 0)).toEqual([]);
  });

  it('never hands one job to two owners leasing at the same moment', async () => {
    const phones = await rpsPhones(20);
    const now = Date.now();

    const leases = await Promise.all(Array.from({ length: 8 }, (_, i) => ctx.store.leaseRpsJobs(`owner-${i}`, now, 60_000, 5)));

    const macs = leases.flatMap(macsOf);
    expect(new Set(macs).size).toBe(macs.length);
    expect(macs.sort()).toEqual(phones.map((p) => p.mac).sort());
  });

  it('completes a job: the job goes, its outcome shows on the phone; completing it again answers false', async () => {
    const [p] = await rpsPhones(1);
    const [job] = await ctx.store.leaseRpsJobs('o1', Date.now(), 60_000, 10);

    expect(await ctx.store.completeRpsJob('o1', job!, registered('https://pbx.example.com/t0ken/'))).toBe(true);

    expect(await ctx.store.countRpsJobs()).toBe(0);
    expect(await ctx.store.getRpsOutcome(p!.mac)).toStrictEqual(registered('https://pbx.example.com/t0ken/'));
    expect(await ctx.store.getPhone(p!.id)).toStrictEqual({ ...p!, rps_status: 'registered', rps_message: '', rps_updated_at: AT });
    expect(await ctx.store.completeRpsJob('o1', job!, failed('late'))).toBe(false);
    expect(await ctx.store.getRpsOutcome(p!.mac)).toStrictEqual(registered('https://pbx.example.com/t0ken/'));
  });

  it('answers false and writes nothing when a lease was taken over after it expired', async () => {
    const [p] = await rpsPhones(1);
    const now = Date.now();
    const [stale] = await ctx.store.leaseRpsJobs('slow', now, 100, 10);
    const [current] = await ctx.store.leaseRpsJobs('fast', now + 100, 60_000, 10);
    expect(current).toStrictEqual(stale);

    expect(await ctx.store.completeRpsJob('slow', stale!, registered('https://slow/'))).toBe(false);
    expect(await ctx.store.retryRpsJob('slow', stale!, now + 5000, failed('slow'))).toBe(false);
    expect(await ctx.store.getRpsOutcome(p!.mac)).toMatchObject({ status: 'pending' });
    expect(await ctx.store.countRpsJobs()).toBe(1);
    expect(await ctx.store.leaseRpsJobs('other', now + 200, 60_000, 10)).toEqual([]); // still fast's, and not put back

    expect(await ctx.store.completeRpsJob('fast', current!, registered('https://fast/'))).toBe(true);
    expect(await ctx.store.getRpsOutcome(p!.mac)).toStrictEqual(registered('https://fast/'));
  });

  it('keeps a job marked while it ran: nobody else takes it meanwhile, then it is due again with the pending outcome kept', async () => {
    const [p] = await rpsPhones(1);
    const [job] = await ctx.store.leaseRpsJobs('a', Date.now(), 60_000, 10);
    await ctx.store.updatePhone(p!.id, (x) => ({ ...x, https: true }));
    expect(await ctx.store.leaseRpsJobs('b', Date.now(), 60_000, 10)).toEqual([]); // one run per MAC at a time

    expect(await ctx.store.completeRpsJob('a', job!, registered('http://old/'))).toBe(true);

    expect(await ctx.store.countRpsJobs()).toBe(1);
    expect(await ctx.store.getRpsOutcome(p!.mac)).toMatchObject({ status: 'pending', message: '' });
    const [again] = await ctx.store.leaseRpsJobs('b', Date.now(), 60_000, 10);
    expect(again).toMatchObject({ mac: p!.mac, generation: job!.generation + 1, attempts: 0 });
    expect(again!.release).toBeUndefined();
  });

  it('gives a MAC marked after its job ended a higher generation than any before', async () => {
    const [p] = await rpsPhones(1);
    const [job] = await ctx.store.leaseRpsJobs('a', Date.now(), 60_000, 10);
    await ctx.store.completeRpsJob('a', job!, registered('https://x/'));

    await ctx.store.markRps(p!.mac);

    const [next] = await ctx.store.leaseRpsJobs('a', Date.now(), 60_000, 10);
    expect(next!.generation).toBeGreaterThan(job!.generation);
    expect(await ctx.store.completeRpsJob('a', job!, failed('stale generation'))).toBe(true); // a's lease: kept, not deleted
    expect(await ctx.store.countRpsJobs()).toBe(1);
    expect(await ctx.store.getRpsOutcome(p!.mac)).toMatchObject({ status: 'pending' });
  });

  it('puts a failed job back for later with the attempt counted and the error shown; a mark makes it due now with attempts reset', async () => {
    const [p] = await rpsPhones(1);
    const now = Date.now();
    const [job] = await ctx.store.leaseRpsJobs('a', now, 60_000, 10);

    expect(await ctx.store.retryRpsJob('a', job!, now + 5000, failed('503 Service Unavailable'))).toBe(true);

    expect(await ctx.store.getPhone(p!.id)).toMatchObject({ rps_status: 'error', rps_message: '503 Service Unavailable', rps_updated_at: AT });
    expect(await ctx.store.leaseRpsJobs('b', now + 4999, 60_000, 10)).toEqual([]);
    const [second] = await ctx.store.leaseRpsJobs('b', now + 5000, 60_000, 10);
    expect(second).toStrictEqual({ ...job!, attempts: 1, due_at: now + 5000 });
    expect(await ctx.store.retryRpsJob('b', second!, now + 9000, { status: 'pending', message: 'timeout', updated_at: AT })).toBe(true);
    expect((await ctx.store.leaseRpsJobs('b', now + 9000, 60_000, 10))[0]).toMatchObject({ attempts: 2 });
    expect(await ctx.store.countRpsJobs()).toBe(1);

    await ctx.store.updatePhone(p!.id, (x) => ({ ...x, model: 'T54W' }));
    expect(await ctx.store.retryRpsJob('b', { ...second!, attempts: 2 }, now + 20_000, failed('x'))).toBe(true); // b still held it
    const [marked] = await ctx.store.leaseRpsJobs('c', Date.now(), 60_000, 10);
    expect(marked).toMatchObject({ attempts: 0, generation: job!.generation + 1 });
    expect(marked!.due_at).toBeLessThanOrEqual(Date.now());
  });

  it('only drops the lease when retrying a job marked meanwhile', async () => {
    const [p] = await rpsPhones(1);
    const now = Date.now();
    const [job] = await ctx.store.leaseRpsJobs('a', now, 60_000, 10);
    await ctx.store.markRps(p!.mac, { override: true });

    expect(await ctx.store.retryRpsJob('a', job!, now + 60_000, failed('503'))).toBe(true);

    expect(await ctx.store.getRpsOutcome(p!.mac)).toMatchObject({ status: 'pending', message: '' });
    const [again] = await ctx.store.leaseRpsJobs('b', Date.now(), 60_000, 10);
    expect(again).toMatchObject({ generation: job!.generation + 1, attempts: 0, override: true });
  });
}
