/**
 * Roles of API identities (issue 12 §4): a StandardUser token sees only its own user (user,
 * phones, softphone QR) and is refused everything else with 403 PROV_ERR_FORBIDDEN; admin tokens
 * have no "own user"; authorisation comes before the method check and before any write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhone, createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
let alice: any;
let bob: any;
let alicePhone: any;
let bobPhone: any;
let aliceToken: string;
beforeAll(async () => {
  api = await startApi();
  await api.post('/api/network', { web_domain: 'pbx.example.com', private_ipv4: '10.0.0.5', sip_domain: 'sip.example.com' });
  alice = await createUser(api, { extension_number: '5101', extension_password: 'Alice-Ext-1' });
  bob = await createUser(api, { extension_number: '5102', extension_password: 'Bob-Ext-1' });
  alicePhone = await createPhone(api, alice.id, { mac: '00:15:65:00:51:01' });
  bobPhone = await createPhone(api, bob.id, { mac: '00:15:65:00:51:02' });
  aliceToken = (await api.post('/api/tokens', { name: 'alice-app', role: 'StandardUser', user_id: alice.id })).body.token;
});
afterAll(() => api.close());

const expectForbidden = (res: { status: number; body: any }) => {
  expect(res.status).toBe(403);
  expect(res.body.code).toBe('PROV_ERR_FORBIDDEN');
  expect(res.body.message).toMatch(/^Role StandardUser may not /);
};

describe('a StandardUser token: its own user', () => {
  it('GET /api/user answers its own user, no secrets', async () => {
    const res = await api.get('/api/user', { token: aliceToken });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: alice.id, name: alice.name, extension_number: '5101' });
    expect(res.text).not.toContain('Alice-Ext-1');
  });

  it('GET /api/user/phones lists its own phones only; a phone of another user is 404', async () => {
    const list = await api.get('/api/user/phones', { token: aliceToken });
    const own = await api.get(`/api/user/phones/${alicePhone.id}`, { token: aliceToken });
    const other = await api.get(`/api/user/phones/${bobPhone.id}`, { token: aliceToken });

    expect(list.status).toBe(200);
    expect(list.body.count).toBe(1);
    expect(list.body.items.map((p: { mac: string }) => p.mac)).toStrictEqual(['001565005101']);
    expect(own.body).toMatchObject({ id: alicePhone.id, mac: '001565005101' });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('PROV_ERR_PHONE_NOT_FOUND');
  });

  it('GET /api/user/qrcode answers the QR of its own account, no-store', async () => {
    const res = await api.get('/api/user/qrcode?app=acrobits&format=text', { token: aliceToken });

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toBe('csc:5101:Alice-Ext-1@ACME42');
  });

  it('a StandardInternationalUser token is self-service the same way', async () => {
    const { token } = (await api.post('/api/tokens', { name: 'bob-intl', role: 'standardinternationaluser', user_id: bob.id })).body;

    expect((await api.get('/api/user', { token })).body.id).toBe(bob.id);
    expect((await api.get('/api/users', { token })).status).toBe(403);
  });
});

describe('a StandardUser token: everything else is 403', () => {
  it('cannot list users, nor read another user or even itself through the admin paths', async () => {
    expectForbidden(await api.get('/api/users', { token: aliceToken }));
    expectForbidden(await api.get(`/api/users/${bob.id}`, { token: aliceToken }));
    expectForbidden(await api.get(`/api/users/${alice.id}`, { token: aliceToken }));
    expectForbidden(await api.get(`/api/users/${bob.id}/qrcode?app=acrobits&format=text`, { token: aliceToken }));
  });

  it.each([
    ['GET', '/api/phones'],
    ['GET', '/api/phones/001565005102'],
    ['GET', '/api/phones/001565005102/files'],
    ['GET', '/api/network'],
    ['GET', '/api/phone_models'],
    ['GET', '/api/certs/ca.pem'],
    ['GET', '/api/tokens'],
  ])('%s %s is 403', async (method, path) => {
    expectForbidden(await api.request(method, path, undefined, { token: aliceToken }));
  });

  it('writes are refused before anything changes: no user created, no password set', async () => {
    const create = await api.post('/api/users', { name: 'mallory', extension_number: '5199', extension_password: 'x' }, { token: aliceToken });
    const setPassword = await api.post(`/api/users/${alice.id}/extension_password`, { extension_password: 'Hijacked-1' }, { token: aliceToken });
    const network = await api.post('/api/network', { private_ipv4: '6.6.6.6' }, { token: aliceToken });

    for (const r of [create, setPassword, network]) expectForbidden(r);
    expect((await api.get('/api/users?search=mallory')).body.count).toBe(0);
    expect((await api.get('/api/user/qrcode?app=acrobits&format=text', { token: aliceToken })).text).toBe('csc:5101:Alice-Ext-1@ACME42');
    expect((await api.get('/api/network')).body.private_ipv4).toBe('10.0.0.5');
  });

  it.each(['/API/users', '/api/users/', '/Api/Users'])('no spelling of an admin path gets past the check: %s is 403', async (path) => {
    expectForbidden(await api.get(path, { token: aliceToken }));
  });

  it('403 comes before 405: a forbidden identity learns nothing of a path\'s methods', async () => {
    const res = await api.request('PUT', '/api/users', undefined, { token: aliceToken });

    expectForbidden(res);
    expect(res.headers.get('allow')).toBeNull();
  });
});

describe('admin tokens and the self-service paths', () => {
  it('the bootstrap admin has no own user: /api/user is 403', async () => {
    const res = await api.get('/api/user');

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'PROV_ERR_FORBIDDEN', message: 'Role SystemAdmin may not GET /api/user' });
  });

  it('an Admin token manages users and phones', async () => {
    const { token } = (await api.post('/api/tokens', { name: 'ops-admin', role: 'Admin' })).body;

    const users = await api.get('/api/users', { token });
    const created = await api.post('/api/users', { name: 'carol', extension_number: '5103', extension_password: 'Carol-1', password: 'Pw-carol-1', email: 'c@example.com' }, { token });
    const phones = await api.get('/api/phones', { token });

    expect(users.status).toBe(200);
    expect(created.status).toBe(201);
    expect(phones.body.count).toBeGreaterThanOrEqual(2);
  });
});
