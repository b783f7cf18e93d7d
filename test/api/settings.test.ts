/**
 * Admin settings over the API with the real templates and renderer: a phone's `settings` (create,
 * PATCH merging key by key, `null` removing), vendor-wide and per-model settings
 * (`GET|PUT /api/vendors/{vendor}[/models/{model}]/settings`), 400s naming `settings.<key>` that
 * change nothing, masking, and the order global -> model -> phone in the rendered file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhone, createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { TEMPLATES } from '../helpers/vendor-render.js';

let api: ApiHarness;
let userId: string;
beforeAll(async () => {
  api = await startApi({ provisioning: 'real', vendorDir: TEMPLATES });
  await api.post('/api/network', { web_domain: 'pbx.example.com' });
  userId = (await createUser(api)).id;
});
afterAll(() => api.close());

const patch = (mac: string, body: unknown) => api.request('PATCH', `/api/users/${userId}/phones/${mac}`, body);
const put = (path: string, body: unknown) => api.request('PUT', path, body);
const deviceFile = async (mac: string) => (await api.get(`/api/phones/${mac}/files/${mac}.cfg`)).text;

describe('phone settings', () => {
  it('are stored on create, merged by PATCH (null removes a key, settings: null removes all)', async () => {
    const phone = await createPhone(api, userId, { mac: '00:15:65:00:00:11', vendor: 'yealink', model: 'T46U', settings: { 'features.dnd.enable': 1, 'local_time.ntp_server1': 'pool.ntp.org' } });
    expect(phone.settings).toEqual({ 'features.dnd.enable': '1', 'local_time.ntp_server1': 'pool.ntp.org' });
    let res = await patch(phone.id, { settings: { 'local_time.ntp_server1': 'ntp.example.com', 'features.dnd.enable': null, 'lang.gui': 'German' } });
    expect([res.status, res.body.settings]).toEqual([200, { 'local_time.ntp_server1': 'ntp.example.com', 'lang.gui': 'German' }]);
    // A PATCH of another field keeps them.
    res = await patch(phone.id, { ringtone: 'Ring2.wav' });
    expect(res.body.settings).toEqual({ 'local_time.ntp_server1': 'ntp.example.com', 'lang.gui': 'German' });
    expect(await deviceFile(phone.mac)).toMatch(/local_time\.ntp_server1 = ntp\.example\.com\nlang\.gui = German\n$/);
    res = await patch(phone.id, { settings: null });
    expect(res.body).not.toHaveProperty('settings');
    expect(await deviceFile(phone.mac)).not.toContain('Admin settings');
  });

  it('a value with a line break, a bad key or a managed key is a 400 naming settings.<key>; nothing changes', async () => {
    const phone = await createPhone(api, userId, { mac: '00:15:65:00:00:12', vendor: 'yealink', model: 'T46U', settings: { 'lang.gui': 'English' } });
    const res = await patch(phone.id, { ringtone: 'Ring5.wav', settings: { 'lang.gui': 'German\nstatic.auto_provision.server.url = http://evil/', 'a b': '1', 'account.1.password': 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['settings.a b', 'settings.account.1.password', 'settings.lang.gui']);
    const after = (await api.get(`/api/users/${userId}/phones/${phone.id}`)).body;
    expect([after.settings, after.ringtone ?? null]).toEqual([{ 'lang.gui': 'English' }, null]);
    expect(await deviceFile(phone.mac)).not.toContain('evil');
  });

  it('XML vendors: a bad element name is refused; `</x>` in a value is written escaped', async () => {
    const phone = await createPhone(api, userId, { mac: '00:0b:82:00:00:13', vendor: 'grandstream', model: 'GXP2170' });
    let res = await patch(phone.id, { settings: { 'P1;P2': '1' } });
    expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'settings.P1;P2']);
    res = await patch(phone.id, { settings: { P30: '</P30><P2>owned</P2><P30>' } });
    expect(res.status).toBe(200);
    const file = (await api.get(`/api/phones/${phone.mac}/files/cfg${phone.mac}.xml`)).text;
    expect(file).toContain('<P30>&lt;/P30&gt;&lt;P2&gt;owned&lt;/P2&gt;&lt;P30&gt;</P30>');
    expect(file).not.toContain('<P2>owned');
  });

  it('a change of vendor must suit the stored settings (or drop them with settings: null)', async () => {
    const phone = await createPhone(api, userId, { mac: '00:15:65:00:00:14', vendor: 'yealink', model: 'T46U', settings: { 'lang.gui': 'German' } });
    let res = await patch(phone.id, { vendor: 'grandstream', model: 'GXP2170' });
    expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'settings.lang.gui']);
    res = await patch(phone.id, { vendor: 'grandstream', model: 'GXP2170', settings: null });
    expect([res.status, res.body.vendor, res.body.settings]).toEqual([200, 'grandstream', undefined]);
  });

  it('values of secret-looking keys are masked in answers and previews, and kept when the mask is sent back', async () => {
    const phone = await createPhone(api, userId, { mac: '00:15:65:00:00:15', vendor: 'yealink', model: 'T46U', settings: { 'ldap.password': 'Ld4p-Secret', 'ldap.host': 'ldap.example.com' } });
    expect(phone.settings).toEqual({ 'ldap.password': '********', 'ldap.host': 'ldap.example.com' });
    const res = await patch(phone.id, { settings: phone.settings });
    expect(res.status).toBe(200);
    expect(await deviceFile(phone.mac)).toContain('ldap.password = Ld4p-Secret');
    const preview = await api.get(`/api/phones/${phone.mac}/files/${phone.mac}.cfg?masked=true`);
    expect(preview.text).toContain('ldap.password = ********');
    const listed = await api.get(`/api/phones?with_secrets=true&search=001565000015`);
    expect(listed.body.items[0].settings).toEqual({ 'ldap.password': 'Ld4p-Secret', 'ldap.host': 'ldap.example.com' });
    const refused = await createPhone(api, userId, { mac: '00:15:65:00:00:16', vendor: 'yealink', model: 'T46U', settings: { 'wifi.pwd': '********' } }).catch((e: Error) => e.message);
    expect(refused).toMatch(/^createPhone: 400 .*settings\.wifi\.pwd: is the mask of a hidden value/);
  });
});

describe('vendor-wide and per-model settings', () => {
  it('GET /api/vendors shows each vendor\'s settings syntax', async () => {
    const items = (await api.get('/api/vendors')).body.items as { id: string; settings: { key: string; deny: string[]; max_keys: number } | null }[];
    const yealink = items.find((v) => v.id === 'yealink')!.settings!;
    expect(yealink).toMatchObject({ key: '^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$', max_keys: 100, max_value_length: 512 });
    expect(yealink.deny).toContain('^account\\.\\d+\\.password$');
    expect(items.every((v) => v.settings !== null)).toBe(true);
  });

  it('PUT replaces the map; GET answers it; the phone file applies global -> model -> phone', async () => {
    const phone = await createPhone(api, userId, { mac: '00:15:65:00:00:21', vendor: 'yealink', model: 'T48U', settings: { 'x.c': 'phone' } });
    let res = await put('/api/vendors/yealink/settings', { settings: { 'x.a': 'global', 'x.b': 'global', 'x.c': 'global' } });
    expect([res.status, res.body]).toEqual([200, { vendor: 'yealink', settings: { 'x.a': 'global', 'x.b': 'global', 'x.c': 'global' } }]);
    res = await put('/api/vendors/Yealink/models/t48u/settings', { settings: { 'x.b': 'model', 'x.c': 'model' } });
    expect([res.status, res.body]).toEqual([200, { vendor: 'yealink', model: 'T48U', settings: { 'x.b': 'model', 'x.c': 'model' } }]);
    expect((await api.get('/api/vendors/yealink/models/T48U/settings')).body.settings).toEqual({ 'x.b': 'model', 'x.c': 'model' });
    expect(await deviceFile(phone.mac)).toMatch(/x\.a = global\nx\.b = model\nx\.c = phone\n$/);
    // Another model of the vendor gets the global settings only.
    expect((await api.get('/api/vendors/yealink/models/T46U/settings')).body).toEqual({ vendor: 'yealink', model: 'T46U', settings: {} });
    // The network settings do not show them, and their POST cannot set them.
    expect((await api.get('/api/network')).body).not.toHaveProperty('vendor_settings');
    expect((await api.post('/api/network', { vendor_settings: {} })).status).toBe(400);
    await put('/api/vendors/yealink/models/T48U/settings', { settings: {} });
    await put('/api/vendors/yealink/settings', { settings: {} });
    expect(await deviceFile(phone.mac)).toMatch(/\nx\.c = phone\n$/);
    expect(await deviceFile(phone.mac)).not.toContain('x.a');
  });

  it('a bad setting is a 400 naming settings.<key> and changes nothing; unknown vendor or model is a 404', async () => {
    await put('/api/vendors/cisco/settings', { settings: { Primary_NTP_Server: 'pool.ntp.org' } });
    const res = await put('/api/vendors/cisco/settings', { settings: { 'Bad Name': '1', Profile_Rule: 'http://evil/', Ok_Name: 'a\nb' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['settings.Bad Name', 'settings.Ok_Name', 'settings.Profile_Rule']);
    expect((await api.get('/api/vendors/cisco/settings')).body.settings).toEqual({ Primary_NTP_Server: 'pool.ntp.org' });
    expect((await put('/api/vendors/gigaset/models/N510/settings', { settings: { 'a.b': '1' } })).status).toBe(400);
    expect((await put('/api/vendors/cisco/settings', { nope: {} })).body.errors[0].field).toBe('settings');
    for (const path of ['/api/vendors/acme/settings', '/api/vendors/cisco/models/nope/settings']) {
      const missing = await api.get(path);
      expect([missing.status, missing.body.code]).toEqual([404, 'PROV_ERR_NOT_FOUND']);
    }
  });

  it('masks secret-looking values and keeps them when the mask is sent back', async () => {
    await put('/api/vendors/poly/settings', { settings: { 'dir.ldap.password': 'L-secret', 'dir.ldap.server': 'ldap.example.com' } });
    const shown = (await api.get('/api/vendors/poly/settings')).body.settings;
    expect(shown).toEqual({ 'dir.ldap.password': '********', 'dir.ldap.server': 'ldap.example.com' });
    expect((await put('/api/vendors/poly/settings', { settings: { ...shown, 'dir.ldap.server': 'ldap2.example.com' } })).status).toBe(200);
    const phone = await createPhone(api, userId, { mac: '00:04:f2:00:00:31', vendor: 'poly', model: 'VVX450' });
    expect((await api.get(`/api/phones/${phone.mac}/files/${phone.mac}-provd.cfg`)).text).toContain('dir.ldap.password="L-secret"');
  });
});
