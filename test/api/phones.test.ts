/** @module Phones through the API: defaults, the generated password, reads by id and MAC, update, destroy, files. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BASE_URL } from '../helpers/fake-provisioning.js';
import { createPhone, createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
let user: any;
beforeAll(async () => {
  api = await startApi({ defaultTimezone: 'Europe/Berlin' });
  user = await createUser(api, { interface: 'PRIVATE_IPV4', preferred_transport: 'TLS', display_name: 'Dora Desk' });
});
afterAll(() => api.close());

const SECRETS = ['password', 'door_password1', 'door_password2'];
let macSeq = 0;
const nextMac = () => `00:15:65:00:10:${(++macSeq).toString(16).padStart(2, '0')}`;

describe('create', () => {
  it('with only mac/vendor/model: defaults applied and the generated password answered once', async () => {
    const res = await api.post(`/api/users/${user.id}/phones`, { mac: '00-15-65-AA-BB-CC', vendor: 'ACME', model: 'x100' });
    expect(res.status).toBe(201);
    const p = res.body;
    expect(p).toMatchObject({
      mac: '001565aabbcc',
      vendor: 'acme',
      model: 'X100',
      user_id: user.id,
      filename: 'acme/X100',
      language: 'ENGLISH',
      transfer: 'BLIND',
      timezone: 'Europe/Berlin',
      codecs: ['G722', 'PCMA', 'PCMU'],
      interface: 'PRIVATE_IPV4',
      preferred_transport: 'TLS',
      rps: false,
      https: false,
      url: `${FAKE_BASE_URL}/${user.provision_token}/`,
    });
    expect(p.password).toMatch(/^[A-Za-z0-9]{12}$/);
    expect((await api.store.getPhone(p.id))?.password).toBe(p.password);
    const again = await api.get(`/api/users/${user.id}/phones/${p.id}`);
    expect(again.status).toBe(200);
    // A read also shows the MAC's redirect-service state (issue 10); no rps: nothing held.
    expect(again.body).toEqual({ ...p, password: undefined, rps_status: 'disabled', rps_message: '' });
    for (const s of SECRETS) expect(again.body).not.toHaveProperty(s);
  });

  it('a given password is stored and never answered; given fields win over defaults', async () => {
    const res = await api.post(`/api/users/${user.id}/phones`, {
      mac: nextMac(), vendor: 'acme', model: 'D200', password: 'Web-Pass-1', door_password1: '1234', door_password2: '98765432',
      timezone: 'America/New_York', codecs: ['pcmu', 'g.722'], interface: 'WEB_DOMAIN', preferred_transport: 'UDP',
      filename: 'acme/x100', transfer: 'ATTENDED', language: 'GERMAN',
    });
    expect(res.status).toBe(201);
    for (const s of SECRETS) expect(res.body).not.toHaveProperty(s);
    expect(res.body).toMatchObject({ model: 'D200', filename: 'acme/X100', timezone: 'America/New_York', codecs: ['PCMU', 'G722'], interface: 'WEB_DOMAIN', transfer: 'ATTENDED', language: 'GERMAN' });
    const stored = await api.store.getPhone(res.body.id);
    expect(stored).toMatchObject({ password: 'Web-Pass-1', door_password1: '1234', door_password2: '98765432' });
  });

  it('409 PROV_ERR_MAC_TAKEN for a MAC already registered (any spelling, any user); nothing written', async () => {
    const other = await createUser(api);
    await createPhone(api, user.id, { mac: '00:15:65:99:99:99' });
    const before = (await api.get('/api/phones')).body.count;
    const res = await api.post(`/api/users/${other.id}/phones`, { mac: '001565999999', vendor: 'acme', model: 'X100' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PROV_ERR_MAC_TAKEN');
    expect((await api.get('/api/phones')).body.count).toBe(before);
  });

  it('404 for an unknown user', async () => {
    const res = await api.post('/api/users/nope/phones', { mac: nextMac(), vendor: 'acme', model: 'X100' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('PROV_ERR_USER_NOT_FOUND');
  });
});

describe('read by MAC', () => {
  it.each(['00:15:65:AB:CD:01', '00-15-65-ab-cd-01', '001565abcd01', '0015.65ab.cd01'])('GET /api/phones/%s', async (spelling) => {
    if (!(await api.store.getPhoneByMac('001565abcd01' as never))) await createPhone(api, user.id, { mac: '001565abcd01' });
    const res = await api.get(`/api/phones/${encodeURIComponent(spelling)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mac: '001565abcd01', extension_number: user.extension_number, name: 'Dora Desk', ip: null, fwver: null, url: expect.stringContaining(user.provision_token) });
    for (const s of SECRETS) expect(res.body).not.toHaveProperty(s);
  });

  it('ip is the last sighting', async () => {
    const p = await createPhone(api, user.id, { mac: nextMac() });
    await api.store.recordSighting(p.mac, { at: '2026-03-01T13:00:00.000Z', ip: '192.0.2.7', user_agent: 'Acme X100 1.2.3' });
    expect((await api.get(`/api/phones/${p.mac}`)).body).toMatchObject({ ip: '192.0.2.7', last_seen_ip: '192.0.2.7' });
  });

  it('assignee answers the owning user', async () => {
    const p = await createPhone(api, user.id, { mac: nextMac() });
    const res = await api.get(`/api/phones/${p.mac}/assignee`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: user.id, name: user.name, display_name: 'Dora Desk', extension_number: user.extension_number });
  });

  it('400 PROV_ERR_MAC_INVALID for an unparseable MAC; 404 for an unknown one', async () => {
    for (const path of ['/api/phones/xyz', '/api/phones/01:00:5e:00:00:01/assignee', '/api/phones/0015/files']) {
      const res = await api.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('PROV_ERR_MAC_INVALID');
    }
    const res = await api.get('/api/phones/00:15:65:ff:ff:fe');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('PROV_ERR_PHONE_NOT_FOUND');
  });
});

describe('by user and phone id', () => {
  it('a phone under another user id is 404', async () => {
    const p = await createPhone(api, user.id, { mac: nextMac() });
    const other = await createUser(api);
    for (const [method, suffix] of [['GET', ''], ['POST', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/destroy']] as const) {
      const res = await api.request(method, `/api/users/${other.id}/phones/${p.id}${suffix}`, method === 'GET' ? undefined : {});
      expect(res.status, `${method} ${suffix}`).toBe(404);
      expect(res.body.code).toBe('PROV_ERR_PHONE_NOT_FOUND');
    }
    expect((await api.get(`/api/phones/${p.mac}`)).status).toBe(200);
  });

  it.each(['POST', 'PATCH'])('%s updates partially, re-checks the model and keeps the password', async (method) => {
    const p = await createPhone(api, user.id, { mac: nextMac(), serial_number: 'SN1' });
    const res = await api.request(method, `/api/users/${user.id}/phones/${p.id}`, { model: 'd200', enable_lldp: true, url: 'ignored' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model: 'D200', filename: 'acme/D200', enable_lldp: true, serial_number: 'SN1', codecs: p.codecs });
    expect(res.body).not.toHaveProperty('password');
    expect((await api.store.getPhone(p.id))?.password).toBe(p.password);
  });

  it('moving to another vendor resets the default template; a bad update changes nothing', async () => {
    const p = await createPhone(api, user.id, { mac: nextMac() });
    const moved = await api.request('PATCH', `/api/users/${user.id}/phones/${p.id}`, { vendor: 'zenith', model: 'Z1' });
    expect(moved.body).toMatchObject({ vendor: 'zenith', model: 'Z1', filename: 'zenith/Z1' });
    const bad = await api.request('PATCH', `/api/users/${user.id}/phones/${p.id}`, { model: 'X100' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PROV_ERR_MODEL_UNKNOWN');
    const vlan = await api.request('PATCH', `/api/users/${user.id}/phones/${p.id}`, { enable_vlan_wan_port: true });
    expect(vlan.body.errors).toEqual([{ field: 'wan_port_id', message: expect.any(String) }]);
    expect((await api.get(`/api/users/${user.id}/phones/${p.id}`)).body).toEqual({ ...moved.body, rps_status: 'disabled', rps_message: '' });
  });

  it('changing the MAC to a taken one is 409', async () => {
    const a = await createPhone(api, user.id, { mac: nextMac() });
    const b = await createPhone(api, user.id, { mac: nextMac() });
    const res = await api.post(`/api/users/${user.id}/phones/${b.id}`, { mac: a.mac.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PROV_ERR_MAC_TAKEN');
  });

  it.each([['POST', '/destroy'], ['DELETE', '']])('%s ...%s removes the phone (204), then 404', async (method, suffix) => {
    const p = await createPhone(api, user.id, { mac: nextMac() });
    expect((await api.request(method, `/api/users/${user.id}/phones/${p.id}${suffix}`)).status).toBe(204);
    expect((await api.get(`/api/users/${user.id}/phones/${p.id}`)).status).toBe(404);
    expect((await api.get(`/api/phones/${p.mac}`)).status).toBe(404);
    expect((await api.get(`/api/users/${user.id}`)).status).toBe(200);
  });
});

describe('files', () => {
  it('lists the files from the provisioning service', async () => {
    const p = await createPhone(api, user.id, { mac: nextMac() });
    const res = await api.get(`/api/phones/${p.mac.toUpperCase()}/files`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { name: 'common.xml', url: `${FAKE_BASE_URL}/${user.provision_token}/common.xml`, common: true },
      { name: `${p.mac}.cfg`, url: `${FAKE_BASE_URL}/${user.provision_token}/${p.mac}.cfg`, common: false },
    ]);
  });

  it('answers rendered bytes with their content type; unknown names are 404 PROV_ERR_FILE_NOT_FOUND', async () => {
    const p = await createPhone(api, user.id, { mac: nextMac() });
    const cfg = await api.get(`/api/phones/${p.mac}/files/${p.mac}.cfg`);
    expect(cfg.status).toBe(200);
    expect(cfg.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(cfg.headers.get('cache-control')).toBe('no-store');
    expect(cfg.headers.get('etag')).toMatch(/^"[0-9a-f]+"$/);
    expect(cfg.text).toBe(`account=${user.extension_number}\nmodel=X100\n`);
    const xml = await api.get(`/api/phones/${p.mac}/files/common.xml`);
    expect(xml.headers.get('content-type')).toBe('application/xml');
    const missing = await api.get(`/api/phones/${p.mac}/files/other.cfg`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PROV_ERR_FILE_NOT_FOUND');
    expect((await api.get('/api/phones/00:15:65:ff:ff:fd/files/x.cfg')).body.code).toBe('PROV_ERR_PHONE_NOT_FOUND');
  });
});
