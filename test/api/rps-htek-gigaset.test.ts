/**
 * @module Htek and Gigaset through the admin API with the real templates/ (issue 10): their
 * redirect services are usable now that the vendors have folders. `rps: true` is accepted with an
 * account (and, for Gigaset's legacy service, the MAC-ID code) and queues a job for the MAC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { TEMPLATES } from '../helpers/vendor-render.js';

let api: ApiHarness;
let user: any;
beforeAll(async () => {
  api = await startApi({ vendorDir: TEMPLATES });
  user = await createUser(api);
});
afterAll(() => api.close());

const createPhone = (body: Record<string, unknown>) => api.post(`/api/users/${user.id}/phones`, body);

describe('Htek and Gigaset redirect services with the real templates', () => {
  it('lists both vendors as supported, with their services', async () => {
    const items = (await api.get('/api/rps/vendors')).body.items as { vendor: string; supported: boolean; flavours: { id: string; url_kind: string }[] }[];
    const byVendor = new Map(items.map((i) => [i.vendor, i]));

    expect(byVendor.get('htek')).toMatchObject({ supported: true, flavours: [{ id: 'htek', url_kind: 'folder' }] });
    expect(byVendor.get('gigaset')).toMatchObject({ supported: true, flavours: [{ id: 'gigaset-xmlrpc', url_kind: 'file' }, { id: 'gigaset-grape', url_kind: 'file' }] });
  });

  it('accepts rps: true on an Htek phone once the vendor has an account, and queues its MAC', async () => {
    const before = await createPhone({ vendor: 'htek', model: 'UC924', mac: '00:1f:c1:0c:00:01', rps: true });
    expect(before.status).toBe(400);
    expect(before.body.code).toBe('PROV_ERR_RPS_NO_ACCOUNT');

    expect((await api.post('/api/rps/accounts/htek', { username: 'htek-user', password: 'Htek-Secret-1' })).status).toBe(201);
    const res = await createPhone({ vendor: 'htek', model: 'UC924', mac: '00:1f:c1:0c:00:01', rps: true });

    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ rps: true, rps_status: 'pending' });
    const jobs = await api.store.leaseRpsJobs('test-runner', Date.now() + 60_000, 30_000, 100);
    expect(jobs.map((j) => j.mac)).toContain('001fc10c0001' as Mac);
  });

  it("accepts rps: true on a Gigaset base with its MAC-ID code, and asks for it when it is missing", async () => {
    expect((await api.post('/api/rps/accounts/gigaset', { username: 'gs-user', password: 'Gs-Secret-1' })).status).toBe(201);

    const missing = await createPhone({ vendor: 'gigaset', model: 'N870', mac: '7c:2f:80:0c:00:01', rps: true });
    const good = await createPhone({ vendor: 'gigaset', model: 'N510', mac: '7c:2f:80:0c:00:02', rps: true, serial_number: 'x7k2' });

    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'serial_number', message: expect.stringMatching(/MAC-ID \(7C2F800C0001-XXXX\)/) }]);
    expect(good.status, good.text).toBe(201);
    expect(good.body.url).toMatch(/\/$/);
  });
});
