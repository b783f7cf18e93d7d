/**
 * Every admin API write is an audit line: who, what, which resource, result; never a body or a
 * secret (issue 9). Who is the token's identity (issue 12 §4): name, id, role, fingerprint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFingerprint } from '../../src/api/audit.js';
import { createPhone, createUser, startApi, TOKEN, userBody, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** The audit lines written since `from` (an index into the log lines). */
function auditLines(from: number): Record<string, unknown>[] {
  return api.logs().split('\n').filter(Boolean).slice(from).map((l) => JSON.parse(l)).filter((l) => l.audit === 'api_write');
}
const lineCount = () => api.logs().split('\n').filter(Boolean).length;

describe('audit log', () => {
  it('logs create, update and delete of a user and a phone with actor, token fingerprint, method, path, resource and status', async () => {
    const from = lineCount();

    const user = await createUser(api, { extension_password: 'Audit-Ext-Secret-1', password: 'Audit-Web-Secret-1' });
    const phone = await createPhone(api, user.id, { mac: '00:15:65:aa:00:01', password: 'Phone-Web-Secret-1', door_password1: '97531864' });
    await api.request('PATCH', `/api/users/${user.id}`, { display_name: 'Audited', voicemail_pin: '135790' });
    await api.post(`/api/users/${user.id}/extension_password`, { extension_password: 'Audit-Ext-Secret-2' });
    const rotated = await api.post(`/api/users/${user.id}/provision_token`);
    await api.request('DELETE', `/api/users/${user.id}/phones/${phone.id}`);
    await api.post(`/api/users/${user.id}/destroy`);
    await api.post('/api/network', { private_ipv4: '10.0.0.9' });

    const actor = { level: 'info', actor: 'admin', token_id: 'bootstrap', role: 'SystemAdmin', token_fp: tokenFingerprint(TOKEN), msg: 'api write' };
    expect(auditLines(from)).toEqual([
      expect.objectContaining({ ...actor, method: 'POST', path: '/api/users', resource: user.id, status: 201 }),
      expect.objectContaining({ ...actor, method: 'POST', path: `/api/users/${user.id}/phones`, resource: phone.id, status: 201 }),
      expect.objectContaining({ ...actor, method: 'PATCH', path: `/api/users/${user.id}`, resource: user.id, status: 200 }),
      expect.objectContaining({ ...actor, method: 'POST', path: `/api/users/${user.id}/extension_password`, resource: user.id, status: 200 }),
      expect.objectContaining({ ...actor, method: 'POST', path: `/api/users/${user.id}/provision_token`, resource: user.id, status: 200 }),
      expect.objectContaining({ ...actor, method: 'DELETE', path: `/api/users/${user.id}/phones/${phone.id}`, resource: phone.id, status: 204 }),
      expect.objectContaining({ ...actor, method: 'POST', path: `/api/users/${user.id}/destroy`, resource: user.id, status: 204 }),
      expect.objectContaining({ ...actor, method: 'POST', path: '/api/network', status: 200 }),
    ]);
    const text = api.logs();
    for (const secret of [TOKEN, 'Audit-Ext-Secret-1', 'Audit-Ext-Secret-2', 'Audit-Web-Secret-1', 'Phone-Web-Secret-1', '97531864', '135790', user.provision_token, rotated.body.provision_token]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('Audited'); // no body
  });

  it('logs refused writes too: a validation error with its status, a wrong token as anonymous', async () => {
    const from = lineCount();

    await api.post('/api/users', userBody({ extension_number: 'x' }));
    await api.post('/api/users', userBody(), { auth: false, headers: { authorization: 'Bearer not-the-token-at-all' } });
    await api.get('/api/users');

    expect(auditLines(from)).toEqual([
      expect.objectContaining({ actor: 'admin', method: 'POST', path: '/api/users', status: 400 }),
      expect.objectContaining({ actor: 'anonymous', method: 'POST', path: '/api/users', status: 401 }),
    ]);
    expect(Object.keys(auditLines(from)[1]!)).not.toContain('token_fp');
    expect(Object.keys(auditLines(from)[1]!)).not.toContain('token_id');
    expect(api.logs()).not.toContain('not-the-token-at-all');
  });

  it('names the identity of a stored token: its name, id, role and fingerprint, never the token', async () => {
    const minted = await api.post('/api/tokens', { name: 'helpdesk-7', role: 'Admin' });
    const { id, token } = minted.body;
    const from = lineCount();

    const user = await createUser(api, {}); // with the bootstrap token
    await api.request('PATCH', `/api/users/${user.id}`, { display_name: 'By helpdesk' }, { token });
    await api.post('/api/users', userBody({ extension_number: 'x' }), { token });
    await api.request('DELETE', `/api/tokens/${id}`);

    const helpdesk = { actor: 'helpdesk-7', token_id: id, role: 'Admin', token_fp: tokenFingerprint(token) };
    expect(auditLines(from)).toEqual([
      expect.objectContaining({ actor: 'admin', token_id: 'bootstrap', method: 'POST', path: '/api/users', status: 201 }),
      expect.objectContaining({ ...helpdesk, method: 'PATCH', path: `/api/users/${user.id}`, resource: user.id, status: 200 }),
      expect.objectContaining({ ...helpdesk, method: 'POST', path: '/api/users', status: 400 }),
      expect.objectContaining({ actor: 'admin', method: 'DELETE', path: `/api/tokens/${id}`, resource: id, status: 204 }),
    ]);
    expect(api.logs()).not.toContain(token);
  });

  it('names the token minted in the line of its creation by id, and never logs the token answered', async () => {
    const from = lineCount();

    const minted = await api.post('/api/tokens', { name: 'logged-once', role: 'Admin' });

    expect(auditLines(from)).toEqual([expect.objectContaining({ actor: 'admin', method: 'POST', path: '/api/tokens', resource: minted.body.id, status: 201 })]);
    expect(api.logs()).not.toContain(minted.body.token);
  });

  it('names a self-service identity and its user in the QR read line', async () => {
    const user = await createUser(api, {});
    await api.post('/api/network', { web_domain: 'pbx.example.com', private_ipv4: '10.0.0.5' });
    const { id, token } = (await api.post('/api/tokens', { name: 'own-qr', role: 'StandardUser', user_id: user.id })).body;
    const from = lineCount();

    const res = await api.get('/api/user/qrcode?app=acrobits&format=text', { token });

    expect(res.status).toBe(200);
    const line = api.logs().split('\n').filter(Boolean).slice(from).map((l) => JSON.parse(l)).find((l) => l.audit === 'qr_code');
    expect(line).toMatchObject({ actor: 'own-qr', token_id: id, role: 'StandardUser', token_fp: tokenFingerprint(token), path: '/api/user/qrcode', user: user.id, app: 'acrobits', status: 200 });
  });

  it('fingerprints a token as sha256 and 8 hex digits, never any of the token itself', () => {
    expect(tokenFingerprint(TOKEN)).toMatch(/^sha256:[0-9a-f]{8}$/);
    expect(tokenFingerprint(TOKEN)).toBe(tokenFingerprint(TOKEN));
    expect(tokenFingerprint(`${TOKEN}x`)).not.toBe(tokenFingerprint(TOKEN));
  });
});
