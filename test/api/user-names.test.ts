/**
 * Unicode user names through the API (issue 9): `ADMİN` and `admın` passed the reserved-name
 * rule, and NFD "José" was accepted beside NFC "José". Names are stored in NFC and compared on
 * one folded key (src/domain/user-name.ts) for reserved names and uniqueness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, userBody, type ApiHarness } from '../helpers/api-harness.js';

describe('user names through the API', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses ADMİN and admın as reserved, naming the field', async () => {
    for (const name of ['ADM\u0130N', 'adm\u0131n']) {
      const res = await api.post('/api/users', userBody({ name }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'name', message: 'is reserved for the system administrator' }]);
    }
  });

  it('stores an NFD name as NFC and refuses the other form as taken (409)', async () => {
    const created = await api.post('/api/users', userBody({ name: 'Jose\u0301' }));
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Jos\u00e9');

    const twin = await api.post('/api/users', userBody({ name: 'JOS\u00c9' }));
    const renamed = await api.request('PATCH', `/api/users/${(await api.post('/api/users', userBody())).body.id}`, { name: 'jose\u0301' });

    expect(twin).toMatchObject({ status: 409, body: { code: 'PROV_ERR_USER_NAME_TAKEN' } });
    expect(renamed).toMatchObject({ status: 409, body: { code: 'PROV_ERR_USER_NAME_TAKEN' } });
  });
});
