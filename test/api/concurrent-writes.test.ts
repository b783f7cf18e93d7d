/**
 * Concurrent writes through the API on Redis lose nothing (issue 9, "Redis lost updates"): the
 * services read, merged and wrote back with no version check, so a token rotation racing a PATCH
 * was undone (5 of 20 rounds), five PATCHes of different fields lost one (20 of 20) and a PATCH of
 * extension_password was lost (10 of 20). Each case runs 20 rounds here and must lose none.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/store/redis.js';
import type { Store } from '../../src/store/types.js';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';

const available = await redisAvailable();
const PREFIX = `provd-test-${randomBytes(6).toString('hex')}:`;
const ROUNDS = 20;

describe.skipIf(!available)('concurrent API writes on Redis', () => {
  let store: Store;
  let api: ApiHarness;
  beforeAll(async () => {
    store = createRedisStore({ url: redisUrl(), prefix: PREFIX });
    api = await startApi({ store });
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
    const admin = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
    const keys = await admin.keys(`${PREFIX}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });
  const patch = (id: string, body: Record<string, unknown>) => api.request('PATCH', `/api/users/${id}`, body);

  it('keeps the token a rotation answered when a PATCH of another field races it', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const user = await createUser(api);

      const [rotated, patched] = await Promise.all([api.post(`/api/users/${user.id}/provision_token`), patch(user.id, { department: `dept ${round}` })]);

      expect([rotated.status, patched.status]).toEqual([200, 200]);
      const stored = await store.getUser(user.id);
      expect(stored?.provision_token).toBe(rotated.body.provision_token);
      expect(stored?.department).toBe(`dept ${round}`);
      expect(await store.getUserByToken(user.provision_token)).toBeUndefined(); // the old folder URL stops working
    }
  });

  it('keeps every field of five concurrent PATCHes of one user', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const user = await createUser(api);
      const fields = { display_name: `D${round}`, department: `R${round}`, address: `A${round}`, mobile_phone: `+1 ${round}`, work_phone: `+2 ${round}` };

      const answers = await Promise.all(Object.entries(fields).map(([k, v]) => patch(user.id, { [k]: v })));

      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect((await api.get(`/api/users/${user.id}`)).body).toMatchObject(fields);
    }
  });

  it('keeps a PATCH of extension_password that races PATCHes of other fields', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const user = await createUser(api);
      const secret = `Ext-Secret-${round}-${randomBytes(4).toString('hex')}`;

      const answers = await Promise.all([
        patch(user.id, { display_name: `D${round}` }),
        api.post(`/api/users/${user.id}/extension_password`, { extension_password: secret }),
        patch(user.id, { department: `R${round}` }),
      ]);

      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      const stored = await store.getUser(user.id);
      expect(stored).toMatchObject({ extension_password: secret, display_name: `D${round}`, department: `R${round}` });
    }
  });
});
