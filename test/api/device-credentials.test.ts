/**
 * Device credentials through the admin API (issue 12 §2): every phone gets a generated device
 * password that no answer but the rotation verb shows; `device_auth` is validated, settable and
 * clearable; the rotation verb answers new credentials once and is for the admin roles only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
let userId: string;
beforeAll(async () => {
  api = await startApi();
  userId = (await createUser(api)).id;
});
afterAll(() => api.close());

const phone = (mac: string, extra: Record<string, unknown> = {}) => ({ mac, vendor: 'acme', model: 'X100', ...extra });

describe('device credentials in the API', () => {
  it('generates a device password for a new phone, stores it, and shows it in no answer', async () => {
    const created = await api.post(`/api/users/${userId}/phones`, phone('00:15:65:00:30:01'));
    const stored = await api.store.getPhoneByMac('001565003001' as Mac);

    expect(created.status).toBe(201);
    expect(stored?.device_password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(created.text).not.toContain(stored!.device_password!);
    expect(created.body).not.toHaveProperty('device_password');
    expect(created.body).not.toHaveProperty('device_auth');
    expect((await api.get('/api/phones/001565003001')).text).not.toContain(stored!.device_password!);
    expect(api.logs()).not.toContain(stored!.device_password!);
  });

  it('refuses an unknown mode and a client-sent device password, naming the field', async () => {
    const badMode = await api.post(`/api/users/${userId}/phones`, phone('00:15:65:00:30:02', { device_auth: 'basic' }));
    const sentPassword = await api.post(`/api/users/${userId}/phones`, phone('00:15:65:00:30:02', { device_password: 'mine' }));

    expect([badMode.status, badMode.body.code, badMode.body.errors[0].field]).toEqual([400, 'PROV_ERR_VALIDATION', 'device_auth']);
    expect([sentPassword.status, sentPassword.body.code]).toEqual([400, 'PROV_ERR_VALIDATION']);
    expect(JSON.stringify(sentPassword.body.errors)).toContain('device_password');
  });

  it('sets a phone\'s mode, keeps its credentials across updates, and goes back to the default with null', async () => {
    const created = await api.post(`/api/users/${userId}/phones`, phone('00:15:65:00:30:03', { device_auth: 'required' }));
    const before = await api.store.getPhoneByMac('001565003003' as Mac);

    const renamed = await api.request('PATCH', `/api/users/${userId}/phones/${created.body.id}`, { ringtone: 'Ring2.wav' });
    const cleared = await api.request('PATCH', `/api/users/${userId}/phones/${created.body.id}`, { device_auth: null });
    const after = await api.store.getPhoneByMac('001565003003' as Mac);

    expect(created.body.device_auth).toBe('required');
    expect(renamed.body.device_auth).toBe('required');
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty('device_auth');
    expect(after?.device_password).toBe(before?.device_password);
  });

  it('gives a phone stored before device credentials existed a password at its next update', async () => {
    const created = await api.post(`/api/users/${userId}/phones`, phone('00:15:65:00:30:04'));
    await api.store.updatePhone(created.body.id, ({ device_password: _p, ...legacy }) => legacy);

    await api.request('PATCH', `/api/users/${userId}/phones/${created.body.id}`, { ringtone: 'Ring3.wav' });

    expect((await api.store.getPhoneByMac('001565003004' as Mac))?.device_password).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  it('rotates: new credentials answered once, stored, and the delivery mark cleared', async () => {
    await api.post(`/api/users/${userId}/phones`, phone('00:15:65:00:30:05', { device_auth: 'digest' }));
    const stored = await api.store.getPhoneByMac('001565003005' as Mac);
    await api.store.updatePhone(stored!.id, (p) => ({ ...p, device_credentials_sent_at: '2026-03-01T12:00:00.000Z' }));

    const rotated = await api.post('/api/phones/00-15-65-00-30-05/rotate_device_credentials');
    const after = await api.store.getPhoneByMac('001565003005' as Mac);
    const missing = await api.post('/api/phones/001565ffffff/rotate_device_credentials');

    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ mac: '001565003005', device_username: '001565003005', device_password: after!.device_password });
    expect(after!.device_password).not.toBe(stored!.device_password);
    expect(after!.device_credentials_sent_at).toBeUndefined();
    expect([missing.status, missing.body.code]).toEqual([404, 'PROV_ERR_PHONE_NOT_FOUND']);
  });
});
