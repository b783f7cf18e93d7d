/**
 * `with_secrets=true` on the list endpoints (what `provd export --with-secrets` reads): list items
 * gain their secret fields for a SystemAdmin token only; other admin roles get 403, a bad value
 * 400, and without the flag no list answers a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhone, createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
let user: any;
let adminToken: string;
beforeAll(async () => {
  api = await startApi();
  user = await createUser(api, { extension_number: '6101', extension_password: 'Ext-secret-6101', password: 'Web-secret-1', voicemail_pin: '135790' });
  await createPhone(api, user.id, { mac: '00:15:65:00:61:01', password: 'Phone-web-6101' });
  adminToken = (await api.post('/api/tokens', { name: 'helpdesk', role: 'Admin' })).body.token;
});
afterAll(() => api.close());

const LISTS = ['/api/users', '/api/phones', () => `/api/users/${user.id}/phones`];
const pathOf = (p: string | (() => string)) => (typeof p === 'string' ? p : p());

describe('with_secrets=true', () => {
  it('adds the secret fields to every list for a SystemAdmin token', async () => {
    const users = (await api.get('/api/users?with_secrets=true')).body.items;
    const phones = (await api.get('/api/phones?with_secrets=true')).body.items;
    const own = (await api.get(`/api/users/${user.id}/phones?with_secrets=true`)).body.items;

    expect(users[0]).toMatchObject({ extension_password: 'Ext-secret-6101', password: 'Web-secret-1', voicemail_pin: '135790' });
    expect(phones[0]).toMatchObject({ mac: '001565006101', password: 'Phone-web-6101' });
    expect(own).toEqual(phones);
  });

  it('leaves an audit line per such read, answered or refused, naming who asked and never a secret', async () => {
    const logLines = () => api.logs().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const from = logLines().length;

    await api.get('/api/phones?with_secrets=true');
    await api.get('/api/users?with_secrets=true', { token: adminToken });

    const lines = logLines().slice(from).filter((l) => l.audit === 'secrets_list');
    expect(lines).toEqual([
      expect.objectContaining({ actor: 'admin', role: 'SystemAdmin', path: '/api/phones', status: 200 }),
      expect.objectContaining({ actor: 'helpdesk', role: 'Admin', path: '/api/users', status: 403 }),
    ]);
    expect(api.logs()).not.toMatch(/Ext-secret|Web-secret|Phone-web/);
  });

  it('is refused to an Admin token with 403, for every list', async () => {
    for (const p of LISTS) {
      const res = await api.get(`${pathOf(p)}?with_secrets=true`, { token: adminToken });

      expect(res.status, pathOf(p)).toBe(403);
      expect(res.body).toMatchObject({ code: 'PROV_ERR_FORBIDDEN', message: 'Role Admin may not read secrets (with_secrets=true needs a SystemAdmin token)' });
    }
  });

  it('answers no secret without the flag or with false, and 400 for another value', async () => {
    for (const p of LISTS) {
      for (const query of ['', '?with_secrets=false']) {
        const text = (await api.get(`${pathOf(p)}${query}`)).text;

        expect(text).not.toMatch(/Ext-secret|Web-secret|135790|Phone-web/);
      }
      const bad = await api.get(`${pathOf(p)}?with_secrets=1`);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'PROV_ERR_QUERY_INVALID', errors: [{ field: 'with_secrets', message: 'must be true or false' }] });
    }
  });
});
