/**
 * `/readyz` against a redis-server of the test's own (issue 9: /healthz said ok whatever the
 * store did): 503 with a JSON reason while Redis is frozen (SIGSTOP) or stopped, 200 again once
 * it answers; `/healthz` stays 200 (liveness); store failures are counted by operation and kind.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { redisServerInstalled, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';

const installed = await redisServerInstalled();

describe.skipIf(!installed)('/readyz on Redis', () => {
  let redis: OwnRedis;
  let app: AppServer;
  beforeAll(async () => {
    redis = await startOwnRedis();
    app = await startAppServer({ PROV_STORE: 'redis', PROV_REDIS_URL: redis.url, PROV_REDIS_PREFIX: `provd-${randomBytes(4).toString('hex')}:` });
  });
  afterAll(async () => {
    redis?.thaw();
    await app?.stop();
    await redis?.stop();
  });

  it('answers 503 with a reason while Redis is frozen, 200 again once it answers, /healthz 200 throughout', async () => {
    expect(await app.api('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });

    redis.freeze();
    const frozen = await app.api('GET', '/readyz');
    const live = await app.api('GET', '/healthz');
    redis.thaw();

    expect(frozen).toMatchObject({ status: 503, body: { status: 'store_unavailable', reason: expect.stringMatching(/did not answer within \d+ ms/) } });
    expect(live.status).toBe(200);
    await vi.waitFor(async () => expect((await app.api('GET', '/readyz')).status).toBe(200), { timeout: 10_000, interval: 200 });
  });

  it('answers 503 while Redis is stopped and counts the failures; 200 after a restart of the node on the new Redis', async () => {
    await redis.stop();

    const stopped = await app.api('GET', '/readyz');
    expect(stopped).toMatchObject({ status: 503, body: { status: 'store_unavailable', reason: expect.any(String) } });
    expect(stopped.body.reason).not.toContain(String(redis.port)); // no store address to anonymous callers
    expect((await app.api('GET', '/healthz')).status).toBe(200);
    const metrics = String((await app.api('GET', '/metrics')).body);
    expect(metrics).toMatch(/^provd_store_errors_total\{kind="unavailable",operation="readEpoch"\} [1-9]\d*$/m);

    await redis.restartEmpty();
    await vi.waitFor(async () => expect((await app.api('GET', '/readyz')).body.status).toBe('data_lost'), { timeout: 10_000, interval: 200 });
    await app.restart();
    expect((await app.api('GET', '/readyz')).status).toBe(200);
  });
});
