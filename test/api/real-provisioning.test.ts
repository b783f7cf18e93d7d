/** @module The API over the real provisioning service and renderer (fixture vendors): URLs, file list, rendered bytes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhone, createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ provisioning: 'real' });
  await api.post('/api/network', { web_domain: 'pbx.example.com' });
});
afterAll(() => api.close());

describe('with the real provisioning service', () => {
  it('phone url points into the user folder; files list and render; unknown name is 404', async () => {
    const user = await createUser(api, { extension_number: '4711' });
    const phone = await createPhone(api, user.id, { mac: '00:15:65:42:42:42' });
    expect(phone.url).toContain(`/${user.provision_token}/`);
    expect(phone.url).toContain('pbx.example.com');

    const files = await api.get(`/api/phones/${phone.mac}/files`);
    expect(files.status).toBe(200);
    const names = files.body.items.map((f: { name: string }) => f.name);
    expect(names).toEqual(['acme-10.cfg', '001565424242.cfg']);
    expect(files.body.items[1]).toMatchObject({ url: phone.url + '001565424242.cfg', common: false });

    const device = await api.get(`/api/phones/00-15-65-42-42-42/files/001565424242.cfg`);
    expect(device.status).toBe(200);
    expect(device.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(device.text).toBe('account=4711\n');
    const common = await api.get(`/api/phones/${phone.mac}/files/acme-10.cfg`);
    expect(common.text).toBe('model=Acme X100\n');

    const missing = await api.get(`/api/phones/${phone.mac}/files/acme-20.cfg`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PROV_ERR_FILE_NOT_FOUND');
  });

  it('XML files keep their content type', async () => {
    const user = await createUser(api);
    const phone = await createPhone(api, user.id, { mac: '00:0b:82:01:02:03', vendor: 'zenith', model: 'Z1' });
    const res = await api.get(`/api/phones/${phone.mac}/files/cfg000b82010203.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(res.text).toContain('<config/>');
  });
});
