/**
 * What only the redis store does for the RPS life cycle (issue 10, §3), on a real Redis: two
 * nodes leasing at once never share a job, the first start adopts phones an older version stored
 * with `rps: true` (marks them, and keeps their MACs for network changes), the outbox and account
 * writes are fenced by the data epoch like every write. Keys live under a random prefix, deleted
 * afterwards; without Redis the file is skipped (see helpers/redis.ts).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RPS_MARKER } from '../../src/store/redis-rps.js';
import { createRedisStore } from '../../src/store/redis.js';
import type { SealedStore, StoreNotice } from '../../src/store/types.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import { expectProvError, readBack } from './contract/support.js';

const available = await redisAvailable();
const RUN_PREFIX = `provd-test-rps-${randomBytes(6).toString('hex')}:`;
let n = 0;
const freshPrefix = () => `${RUN_PREFIX}${++n}:`;

describe.skipIf(!available)('redis store RPS outbox', () => {
  const admin = available ? new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
  const open: SealedStore[] = [];
  const node = (prefix: string, notice?: StoreNotice) => {
    const s = createRedisStore({ url: redisUrl(), prefix, notice });
    open.push(s);
    return s;
  };

  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    if (!admin) return;
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${RUN_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await admin.del(...keys);
    } while (cursor !== '0');
    await admin.quit();
  });

  it('never hands one job to two nodes leasing at the same moment', async () => {
    const prefix = freshPrefix();
    const nodes = [node(prefix), node(prefix), node(prefix)];
    const u = makeUser();
    await nodes[0]!.insertUser(u);
    for (let i = 0; i < 30; i++) await nodes[i % 3]!.insertPhone(makePhone(u, { rps: true }));
    const now = Date.now();

    const leases = await Promise.all(Array.from({ length: 9 }, (_, i) => nodes[i % 3]!.leaseRpsJobs(`node-${i}`, now, 60_000, 4)));

    const macs = leases.flat().map((j) => j.mac);
    expect(macs).toHaveLength(30);
    expect(new Set(macs).size).toBe(30);
  });

  it('adopts, at its first call, the phones an older version stored with rps: true: marked once, and marked again by network changes', async () => {
    const prefix = freshPrefix();
    const writer = node(prefix);
    const u = makeUser();
    const [on1, on2, off] = [makePhone(u, { rps: true }), makePhone(u, { rps: true }), makePhone(u)];
    await writer.insertUser(u);
    for (const p of [on1, on2, off]) await writer.insertPhone(p);
    const rpsKeys = await admin!.keys(`${prefix}rps*`);
    await admin!.del(...rpsKeys, `${prefix}${RPS_MARKER}`); // as the older server left it: no outbox, no rps:macs
    const notices: { details: Record<string, unknown>; message: string }[] = [];

    const [a, b] = [node(prefix, (details, message) => notices.push({ details, message })), node(prefix, (details, message) => notices.push({ details, message }))];
    await Promise.all([a.getNetwork(), b.getNetwork()]); // both start at once

    expect(notices).toEqual([{ details: { phones: 2 }, message: expect.stringMatching(/2 phones stored with rps: true are queued for registration/) }]);
    expect(await a.countRpsJobs()).toBe(2);
    expect(await b.getPhone(on1.id)).toMatchObject({ rps_status: 'pending' });
    expect(await b.getPhone(off.id)).toStrictEqual(readBack(off));
    const first = new Map((await a.leaseRpsJobs('w', Date.now(), 0, 10)).map((j) => [j.mac, j.generation]));
    expect([...first.keys()].sort()).toEqual([on1.mac, on2.mac].sort());
    await b.updateNetwork((net) => ({ ...net, web_domain: 'pbx.example.org' }));
    const after = await a.leaseRpsJobs('w', Date.now(), 0, 10);
    expect(after.map((j) => j.generation - first.get(j.mac)!)).toEqual([1, 1]);
    expect(await admin!.get(`${prefix}${RPS_MARKER}`)).toBe('1');
  });

  it('refuses RPS writes once its claimed data-epoch marker is gone', async () => {
    const prefix = freshPrefix();
    const s = node(prefix);
    const u = makeUser();
    const p = makePhone(u, { rps: true });
    await s.insertUser(u);
    await s.insertPhone(p);
    const [job] = await s.leaseRpsJobs('w', Date.now(), 60_000, 10);
    await s.claimEpoch('epoch-1');
    await admin!.del(`${prefix}epoch`);
    const outcome = { status: 'registered', message: '', updated_at: 'x' } as const;

    await expectProvError(s.markRps(p.mac), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.leaseRpsJobs('w', Date.now(), 60_000, 10), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.completeRpsJob('w', job!, outcome), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.retryRpsJob('w', job!, Date.now(), outcome), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.putRpsAccount({ vendor: 'snom', flavour: 'snom-sraps', created_at: 'x', updated_at: 'x' }), 'PROV_ERR_STORE_DATA_LOST');
    await expectProvError(s.deleteRpsAccount('snom'), 'PROV_ERR_STORE_DATA_LOST');

    await admin!.set(`${prefix}epoch`, 'epoch-1');
    expect(await s.completeRpsJob('w', job!, outcome)).toBe(true);
  });
});
