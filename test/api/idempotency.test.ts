/**
 * Idempotency-Key on creates (issue 9: a create that answered 503 had been applied, and the
 * client's retry got 409). A retry with the same key and body answers the first result; the same
 * key with another request is 422; the generated phone web password is shown again on a retry.
 * The store side (every backend) is in test/store/contract/idempotency.ts; a real frozen Redis in
 * idempotency-redis.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startApi, userBody, type ApiHarness } from '../helpers/api-harness.js';

describe('Idempotency-Key on creates', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });
  const post = (path: string, body: unknown, key: string) => api.post(path, body, { headers: { 'Idempotency-Key': key } });

  it('answers a retry of a user create with the first user (201, same id), creating nothing', async () => {
    const body = userBody();

    const first = await post('/api/users', body, 'user-key-1');
    const retry = await post('/api/users', { ...body }, 'user-key-1');
    const reordered = await post('/api/users', Object.fromEntries(Object.entries(body).reverse()), 'user-key-1');

    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 201, body: first.body });
    expect(reordered).toMatchObject({ status: 201, body: first.body });
    expect((await api.get(`/api/users?filter=name eq '${body.name}'`)).body.count).toBe(1);
    expect((await api.post('/api/users', body)).body.code).toBe('PROV_ERR_EXTENSION_TAKEN'); // without the key: a new create
  });

  it('refuses the key with another body, other secrets or on another resource: 422 PROV_ERR_IDEMPOTENCY_KEY_REUSED', async () => {
    const body = userBody();
    const first = await post('/api/users', body, 'user-key-2');
    expect(first.status).toBe(201);

    const other = await post('/api/users', { ...body, display_name: 'Someone else' }, 'user-key-2');
    const otherSecret = await post('/api/users', { ...body, extension_password: 'Another-Secret-9' }, 'user-key-2');
    const phone = await post(`/api/users/${first.body.id}/phones`, { mac: '001565cc0001', vendor: 'acme', model: 'X100' }, 'user-key-2');

    for (const res of [other, otherSecret, phone]) {
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'PROV_ERR_IDEMPOTENCY_KEY_REUSED', message: expect.stringContaining('user-key-2') });
    }
    expect(JSON.stringify([other.body, otherSecret.body])).not.toContain('Another-Secret-9');
  });

  it('shows a generated phone web password again on a retry, and answers the same phone', async () => {
    const user = await createUser(api);
    const body = { mac: '00:15:65:cc:00:02', vendor: 'acme', model: 'X100' };

    const first = await post(`/api/users/${user.id}/phones`, body, 'phone-key-1');
    const retry = await post(`/api/users/${user.id}/phones`, body, 'phone-key-1');

    expect(first.status).toBe(201);
    expect(first.body.password).toMatch(/^.{12}$/);
    expect(retry).toMatchObject({ status: 201, body: first.body });
    expect((await api.get(`/api/users/${user.id}/phones`)).body.count).toBe(1);
  });

  it('answers 400 naming the header when the key is empty, too long or has spaces', async () => {
    for (const key of ['', 'a'.repeat(256), 'two words']) {
      const res = await post('/api/users', userBody(), key);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    }
  });
});
