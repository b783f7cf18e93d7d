/**
 * The miss throttle on Redis (issue 12 §1): two servers on one Redis count a source's misses
 * together, so spreading a guessing run over the nodes of a cluster does not multiply its budget.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMissLimiter, type ThrottleSettings } from '../../src/access/miss-limiter.js';
import type { Mac } from '../../src/domain/mac.js';
import { closeConnection } from '../../src/store/redis-events.js';
import { connectRedis } from '../../src/store/redis.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { raw } from '../helpers/raw-http.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';

const available = await redisAvailable();
const SETTINGS: ThrottleSettings = { misses: 10, windowS: 60, blockS: 90 };

describe.skipIf(!available)('the miss throttle on Redis', () => {
  const prefix = `provd-test-throttle-${randomUUID()}:`;
  const clients = [connectRedis(redisUrl()), connectRedis(redisUrl())];
  let a: PhonePath;
  let b: PhonePath;
  const user = makeUser();

  beforeAll(async () => {
    const start = (client: (typeof clients)[number]) => startPhonePath({ throttle: SETTINGS, limiter: createMissLimiter(SETTINGS, { client, prefix }) });
    a = await start(clients[0]!);
    b = await start(clients[1]!);
    for (const p of [a, b]) {
      await p.store.insertUser(user);
      await p.store.insertPhone(makePhone(user, { mac: '0a0b0c000001' as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
    }
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    const keys = await clients[0]!.keys(`${prefix}*`);
    if (keys.length) await clients[0]!.del(...keys);
    await Promise.all(clients.map((c) => closeConnection(c)));
  });

  it('counts one source\'s misses on both servers together and throttles it on both', async () => {
    const miss = (p: PhonePath, i: number) => raw(p.base, 'GET', `/provision/${user.provision_token}/acme0a0b0c00f0${i.toString(16).padStart(2, '0')}.xml`);

    const onA = [];
    for (let i = 0; i < 6; i++) onA.push((await miss(a, i)).status);
    const onB = [];
    for (let i = 0; i < 6; i++) onB.push((await miss(b, i)).status);
    const laterOnA = await miss(a, 99);
    const servedOnB = await raw(b.base, 'GET', `/provision/${user.provision_token}/acme0a0b0c000001.xml`);

    expect(onA).toEqual([404, 404, 404, 404, 404, 404]);
    expect(onB).toEqual([404, 404, 404, 404, 429, 429]);
    expect([laterOnA.status, laterOnA.headers['retry-after']]).toEqual([429, '90']);
    expect(servedOnB.status).toBe(200);
    expect(await clients[0]!.keys(`${prefix}throttle:*`)).toEqual([`${prefix}throttle:127.0.0.1`]);
  });
});
