/** @module /api/network (defaults, partial update, null clears, validation) and the vendor listings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('network', () => {
  it('GET answers the defaults', async () => {
    const res = await api.get('/api/network');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ enable_ipv6: true, udp_port: 5060, tcp_port: 5063, tls_port: 5061 });
  });

  it('POST is partial; null clears a field (back to its default where it has one)', async () => {
    let res = await api.post('/api/network', { web_domain: 'pbx.example.com', private_ipv4: '10.0.0.5', udp_port: 5070 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ web_domain: 'pbx.example.com', private_ipv4: '10.0.0.5', udp_port: 5070 });
    res = await api.post('/api/network', { public_ipv4: '198.51.100.4' });
    expect(res.body).toMatchObject({ web_domain: 'pbx.example.com', private_ipv4: '10.0.0.5', public_ipv4: '198.51.100.4' });
    res = await api.post('/api/network', { private_ipv4: null, udp_port: null });
    expect(res.body).not.toHaveProperty('private_ipv4');
    expect(res.body).toMatchObject({ web_domain: 'pbx.example.com', udp_port: 5060 });
    expect((await api.get('/api/network')).body).toEqual(res.body);
  });

  it('400 naming every invalid field; nothing changes', async () => {
    const before = (await api.get('/api/network')).body;
    const res = await api.post('/api/network', { private_ipv4: '10.0.0.300', public_ipv6: '10.0.0.1', tls_port: 70000, web_domain: 'bad domain', nope: 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['nope', 'private_ipv4', 'public_ipv6', 'tls_port', 'web_domain']);
    expect((await api.get('/api/network')).body).toEqual(before);
  });
});

describe('vendors and models', () => {
  it('GET /api/phone_models lists every model with its filename', async () => {
    const res = await api.get('/api/phone_models');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      count: 3,
      items: [
        { filename: 'acme/X100', vendor: 'acme', model: 'X100', display_name: 'Acme X100' },
        { filename: 'acme/D200', vendor: 'acme', model: 'D200', display_name: 'Acme D200 door station' },
        { filename: 'zenith/Z1', vendor: 'zenith', model: 'Z1', display_name: 'Zenith Z1' },
      ],
    });
  });

  it('GET /api/vendors lists vendors with OUIs, files and models with capabilities', async () => {
    const res = await api.get('/api/vendors');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    const acme = res.body.items.find((v: { id: string }) => v.id === 'acme');
    expect(acme).toMatchObject({
      name: 'Acme Telephones',
      ouis: ['001565', '805ec0'],
      default_codecs: ['G722', 'PCMA', 'PCMU'],
      files: [
        { id: 'common', pattern: 'acme-{model.code}.cfg', format: 'text', common: true },
        { id: 'device', pattern: '{mac}.cfg', format: 'text', common: false },
      ],
    });
    expect(acme.models).toContainEqual({
      model: 'D200',
      filename: 'acme/D200',
      display_name: 'Acme D200 door station',
      capabilities: expect.objectContaining({ lines: 1, type: 'door', keys: 0 }),
    });
  });
});
