/**
 * An error that was committed (issue 9): with Redis frozen (SIGSTOP) `POST /api/users` answered
 * 503, yet the user existed once Redis resumed, and the client's retry got 409. With an
 * Idempotency-Key the retry answers 201 with the first id. Runs on a redis-server of the test's own.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisStore } from '../../src/store/redis.js';
import type { Store } from '../../src/store/types.js';
import { startApi, userBody, type ApiHarness } from '../helpers/api-harness.js';
import { redisServerInstalled, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js';

const installed = await redisServerInstalled();

describe.skipIf(!installed)('a create while Redis is frozen', () => {
  let redis: OwnRedis;
  let store: Store;
  let api: ApiHarness;
  beforeAll(async () => {
    redis = await startOwnRedis();
    // A short command timeout: the API answers 503 quickly while the write waits in Redis's socket.
    store = createRedisStore({ url: redis.url, prefix: 'provd:', timeouts: { commandMs: 400 } });
    api = await startApi({ store });
    expect((await api.post('/api/users', userBody())).status).toBe(201); // scripts loaded before the freeze
  });
  afterAll(async () => {
    redis?.thaw();
    await api?.close();
    await store?.close();
    await redis?.stop();
  });

  it('answers a retry with the same Idempotency-Key 201 with the first id once Redis resumes, not 409', async () => {
    const body = userBody();
    const headers = { 'Idempotency-Key': 'create-during-freeze' };

    redis.freeze();
    const during = await api.post('/api/users', body, { headers });
    redis.thaw();

    expect(during.status).toBe(503);
    const created = await vi.waitFor(async () => {
      const page = (await api.get(`/api/users?filter=name eq '${body.name}'`)).body;
      expect(page.count).toBe(1); // the write was applied after all, once Redis resumed
      return page.items[0];
    });
    const retry = await api.post('/api/users', body, { headers });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(created.id);
    expect((await api.get(`/api/users?filter=name eq '${body.name}'`)).body.count).toBe(1);
  });
});
