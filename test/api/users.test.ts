/** @module Users through the API: create, read, partial update, secrets endpoints, token rotation, destroy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhone, createUser, FIXED_NOW, startApi, userBody, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const SECRETS = ['password', 'extension_password', 'voicemail_pin'];

describe('create and read', () => {
  it('201 with the view: server fields set, defaults applied, no secrets', async () => {
    const res = await api.post('/api/users', userBody({ name: 'alice', extension_number: '201', role: 'admin' }));
    expect(res.status).toBe(201);
    const u = res.body;
    expect(u.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(u.provision_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(u.created_at).getTime()).toBeGreaterThanOrEqual(FIXED_NOW.getTime());
    expect(u.updated_at).toBe(u.created_at);
    expect(u).toMatchObject({ name: 'alice', extension_number: '201', role: 'Admin', enabled: true, sms: 'DISABLE', interface: 'WEB_DOMAIN', preferred_transport: 'UDP', blfs: [] });
    for (const s of SECRETS) expect(u).not.toHaveProperty(s);
    const got = await api.get(`/api/users/${u.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(u);
    for (const s of SECRETS) expect(got.text).not.toContain(`"${s}"`);
  });

  it('stores the secrets (they are only hidden)', async () => {
    const u = await createUser(api, { password: 'Pw-stored-1' });
    expect((await api.store.getUser(u.id))?.password).toBe('Pw-stored-1');
  });

  it('409 PROV_ERR_EXTENSION_TAKEN for a duplicate extension; nothing written', async () => {
    await createUser(api, { extension_number: '3001' });
    const before = (await api.get('/api/users')).body.count;
    const res = await api.post('/api/users', userBody({ extension_number: '3001' }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PROV_ERR_EXTENSION_TAKEN');
    expect((await api.get('/api/users')).body.count).toBe(before);
  });

  it('409 PROV_ERR_USER_NAME_TAKEN for a duplicate name in another case', async () => {
    await createUser(api, { name: 'Carol' });
    const res = await api.post('/api/users', userBody({ name: 'carol' }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PROV_ERR_USER_NAME_TAKEN');
  });

  it('404 PROV_ERR_USER_NOT_FOUND for an unknown id, on every verb', async () => {
    for (const [method, path] of [
      ['GET', '/api/users/nope'],
      ['POST', '/api/users/nope'],
      ['PATCH', '/api/users/nope'],
      ['DELETE', '/api/users/nope'],
      ['POST', '/api/users/nope/destroy'],
      ['POST', '/api/users/nope/provision_token'],
      ['POST', '/api/users/nope/role'],
      ['GET', '/api/users/nope/phones'],
    ] as const) {
      const res = await api.request(method, path, method === 'GET' ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('PROV_ERR_USER_NOT_FOUND');
    }
  });
});

describe('update', () => {
  it.each(['POST', 'PATCH'])('%s is a partial update that keeps the other fields', async (method) => {
    const u = await createUser(api, { department: 'Sales', enable_dnd: true });
    const res = await api.request(method, `/api/users/${u.id}`, { display_name: 'New Name', id: 'ignored' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...u, display_name: 'New Name', updated_at: expect.any(String) });
    expect(res.body.updated_at > u.updated_at).toBe(true);
    expect((await api.store.getUser(u.id))?.password).toBe('Secret-Pass-1');
  });

  it('re-validates: bad values are 400 naming the fields and nothing changes', async () => {
    const u = await createUser(api);
    const res = await api.post(`/api/users/${u.id}`, { name: 'root', voicemail_pin: '123456', nope: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'nope', 'voicemail_pin']);
    expect((await api.get(`/api/users/${u.id}`)).body).toEqual(u);
  });

  it('409 when the new extension is taken; the user is unchanged', async () => {
    const a = await createUser(api);
    const b = await createUser(api);
    const res = await api.request('PATCH', `/api/users/${b.id}`, { extension_number: a.extension_number });
    expect(res.status).toBe(409);
    expect((await api.get(`/api/users/${b.id}`)).body.extension_number).toBe(b.extension_number);
  });
});

describe('one-field endpoints', () => {
  it.each([
    ['extension_password', 'New-Ext-9'],
    ['password', 'New-Pass-9'],
  ])('POST /users/{id}/%s sets the secret without returning it', async (field, value) => {
    const u = await createUser(api);
    const res = await api.post(`/api/users/${u.id}/${field}`, { [field]: value });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty(field);
    expect((await api.store.getUser(u.id))?.[field as 'password']).toBe(value);
  });

  it('POST /users/{id}/role changes the role (built-in names in canonical case)', async () => {
    const u = await createUser(api);
    const res = await api.post(`/api/users/${u.id}/role`, { role: 'queuemanager' });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('QueueManager');
  });

  it('400 when the field is missing, empty or accompanied by others', async () => {
    const u = await createUser(api);
    const missing = await api.post(`/api/users/${u.id}/password`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'password', message: 'is required' }]);
    const empty = await api.post(`/api/users/${u.id}/extension_password`, { extension_password: '' });
    expect(empty.body.errors[0].field).toBe('extension_password');
    const extra = await api.post(`/api/users/${u.id}/role`, { role: 'Admin', name: 'sneaky' });
    expect(extra.body.errors).toEqual([{ field: 'name', message: 'unknown field' }]);
    expect((await api.get(`/api/users/${u.id}`)).body).toEqual(u);
  });

  it('POST /users/{id}/provision_token rotates the token', async () => {
    const u = await createUser(api);
    const res = await api.post(`/api/users/${u.id}/provision_token`);
    expect(res.status).toBe(200);
    expect(res.body.provision_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.provision_token).not.toBe(u.provision_token);
    expect(await api.store.getUserByToken(u.provision_token)).toBeUndefined();
    expect((await api.store.getUserByToken(res.body.provision_token))?.id).toBe(u.id);
    const phone = await createPhone(api, u.id, { mac: '00:15:65:12:34:01' });
    expect(phone.url).toContain(res.body.provision_token);
  });
});

describe('destroy', () => {
  it.each([
    ['POST', '/destroy', '00:15:65:de:00:01'],
    ['DELETE', '', '00:15:65:de:00:02'],
  ])('%s /users/{id}%s answers 204 and removes the user and its phones', async (method, suffix, mac) => {
    const u = await createUser(api);
    await createPhone(api, u.id, { mac });
    expect((await api.get(`/api/phones/${mac}`)).status).toBe(200);
    const res = await api.request(method, `/api/users/${u.id}${suffix}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await api.get(`/api/users/${u.id}`)).status).toBe(404);
    const phone = await api.get(`/api/phones/${mac}`);
    expect(phone.status).toBe(404);
    expect(phone.body.code).toBe('PROV_ERR_PHONE_NOT_FOUND');
    expect((await api.request(method, `/api/users/${u.id}${suffix}`)).status).toBe(404);
  });
});
