/**
 * Redis restarted empty (issue 9): within a second every phone, cached ones included, got 404,
 * the network settings went back to defaults, /healthz said ok and nothing was logged. Now the
 * data-epoch marker notices it: cached files keep being served, a miss is 503 + Retry-After,
 * writes are refused, /readyz fails, one error line and a metric; a restart starts a new epoch.
 * Runs against a redis-server of the test's own (restarted empty by PID).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { redisServerInstalled, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';

const installed = await redisServerInstalled();
const LOST = /the store lost its data/;

describe.skipIf(!installed)('a Redis that restarts empty', () => {
  let redis: OwnRedis;
  let app: AppServer;
  let token: string;
  beforeAll(async () => {
    redis = await startOwnRedis();
    app = await startAppServer({ PROV_STORE: 'redis', PROV_REDIS_URL: redis.url, PROV_REDIS_PREFIX: `provd-${randomBytes(4).toString('hex')}:` });
    expect((await app.api('POST', '/api/network', { private_ipv4: '127.0.0.1' })).status).toBe(200);
    const user = await app.api('POST', '/api/users', { name: 'alice', extension_number: '101', extension_password: 'S3cret-101', interface: 'PRIVATE_IPV4' });
    token = user.body.provision_token;
    for (const mac of ['001565aa0001', '001565aa0002']) {
      expect((await app.api('POST', `/api/users/${user.body.id}/phones`, { mac, vendor: 'yealink', model: 'T46U' })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });
  const errorsAbout = (pattern: RegExp) => app.logs().filter((l) => (l.level === 50 || l.level === 'error') && pattern.test(String(l.msg)));

  it('keeps serving rendered files, answers misses 503, refuses writes and fails /readyz, and a restart starts over', async () => {
    const cached = await app.phone(token, '001565aa0001.cfg'); // rendered and cached before the loss
    expect(cached.status).toBe(200);
    expect((await app.api('GET', '/readyz')).status).toBe(200);

    await redis.restartEmpty();

    await vi.waitFor(async () => expect((await app.api('GET', '/readyz')).status).toBe(503), { timeout: 15_000, interval: 200 });
    const ready = await app.api('GET', '/readyz');
    expect(ready.body).toEqual({ status: 'data_lost', reason: expect.stringMatching(/lost its data/) });
    expect((await app.api('GET', '/healthz')).status).toBe(200);
    const again = await app.phone(token, '001565aa0001.cfg');
    expect(again.status).toBe(200);
    expect(again.body).toBe(cached.body);
    const miss = await app.phone(token, '001565aa0002.cfg');
    expect(miss.status).toBe(503);
    expect(miss.headers.get('retry-after')).toMatch(/^\d+$/);
    const write = await app.api('POST', '/api/users', { name: 'bob', extension_number: '102', extension_password: 'S3cret-102' });
    expect(write.status).toBe(503);
    expect(write.body.code).toBe('PROV_ERR_STORE_DATA_LOST');
    expect((await app.api('GET', '/readyz')).status).toBe(503); // checked again: still one transition
    expect(errorsAbout(LOST)).toHaveLength(1);
    expect(await (await app.api('GET', '/metrics')).body).toMatch(/^provd_store_data_lost_total 1$/m);

    const newEpochWarnings = () => app.logs().filter((l) => (l.level === 40 || l.level === 'warn') && /no data-epoch marker/.test(String(l.msg))).length;
    const warnedBefore = newEpochWarnings();

    await app.restart();

    expect(newEpochWarnings()).toBe(warnedBefore + 1);
    expect((await app.api('GET', '/readyz')).status).toBe(200);
    expect((await app.api('POST', '/api/users', { name: 'bob', extension_number: '102', extension_password: 'S3cret-102' })).status).toBe(201);
  });
});
