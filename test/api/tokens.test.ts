/**
 * API tokens through the admin API (issue 12 §4): create (answered once, no-store), list (never
 * the token), revoke (next use 401), body validation, and who may mint and revoke which role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/identity/token.js';
import { createUser, FIXED_NOW, startApi, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** Creates a token as `as` (default: the bootstrap admin) and answers the 201 body. */
const mint = async (body: Record<string, unknown>, as?: string) => {
  const res = await api.post('/api/tokens', body, { token: as });
  if (res.status !== 201) throw new Error(`mint: ${res.status} ${res.text}`);
  return res.body as { id: string; token: string; name: string; role: string; user_id: string | null };
};

describe('POST /api/tokens', () => {
  it('answers the token once with its record, no-store, and keeps only its hash', async () => {
    const res = await api.post('/api/tokens', { name: 'helpdesk', role: 'admin' });

    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toStrictEqual({ id: expect.any(String), name: 'helpdesk', role: 'Admin', user_id: null, created_at: expect.any(String), token: expect.stringMatching(/^provd_[A-Za-z0-9_-]{43}$/) });
    expect(Date.parse(res.body.created_at)).toBeGreaterThanOrEqual(FIXED_NOW.getTime());
    const stored = await api.apiTokens.findByHash(hashApiToken(res.body.token));
    expect(stored).toMatchObject({ id: res.body.id, name: 'helpdesk', role: 'Admin' });
    expect(JSON.stringify(await api.apiTokens.list())).not.toContain(res.body.token);
  });

  it('makes a token that authenticates: an Admin token lists users', async () => {
    const { token } = await mint({ name: 'ops', role: 'Admin' });

    const res = await api.get('/api/users', { token });

    expect(res.status).toBe(200);
    expect(res.body).toHaveProperty('count');
  });

  it.each([
    [{ role: 'Admin' }, 'name', 'is required'],
    [{ name: 'x', role: 'Dealer' }, 'role', 'must be one of SystemAdmin, Admin, StandardUser, StandardInternationalUser'],
    [{ name: 'admin', role: 'Admin' }, 'name', 'is reserved'],
    [{ name: 'bad/name', role: 'Admin' }, 'name', 'must be 1-64'],
    [{ name: 'x', role: 'StandardUser' }, 'user_id', 'is required for role StandardUser'],
    [{ name: 'x', role: 'Admin', user_id: 'u' }, 'user_id', 'must be absent for role Admin'],
    [{ name: 'x', role: 'StandardUser', user_id: 'no-such-user' }, 'user_id', 'no user with id no-such-user'],
    [{ name: 'x', role: 'Admin', extra: 1 }, 'extra', 'unknown field'],
  ])('refuses %j with 400 naming %s', async (body, field, message) => {
    const before = (await api.apiTokens.list()).length;

    const res = await api.post('/api/tokens', body);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(res.body.errors).toContainEqual({ field, message: expect.stringContaining(message) });
    expect((await api.apiTokens.list()).length).toBe(before);
  });
});

describe('GET /api/tokens', () => {
  it('lists every token oldest first, never a token or its hash', async () => {
    const a = await mint({ name: 'list-a', role: 'SystemAdmin' });
    const b = await mint({ name: 'list-b', role: 'Admin' });

    const res = await api.get('/api/tokens');

    expect(res.status).toBe(200);
    expect(res.body.count).toBe(res.body.items.length);
    const ids = res.body.items.map((t: { id: string }) => t.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    expect(res.body.items.find((t: { id: string }) => t.id === b.id)).toStrictEqual({ id: b.id, name: 'list-b', role: 'Admin', user_id: null, created_at: expect.any(String) });
    expect(res.text).not.toContain(a.token);
    expect(res.text).not.toContain(hashApiToken(a.token));
  });
});

describe('revoking', () => {
  it('DELETE /api/tokens/{id} answers 204; the token is 401 from the next request on', async () => {
    const { id, token } = await mint({ name: 'short-lived', role: 'Admin' });
    expect((await api.get('/api/users', { token })).status).toBe(200);

    const res = await api.request('DELETE', `/api/tokens/${id}`);

    expect(res.status).toBe(204);
    const after = await api.get('/api/users', { token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('PROV_ERR_UNAUTHORIZED');
    expect((await api.get('/api/tokens')).body.items.map((t: { id: string }) => t.id)).not.toContain(id);
  });

  it('POST /api/tokens/{id}/destroy revokes too; a second revoke is 404', async () => {
    const { id, token } = await mint({ name: 'portsip-verb', role: 'Admin' });

    expect((await api.post(`/api/tokens/${id}/destroy`)).status).toBe(204);

    expect((await api.get('/api/users', { token })).status).toBe(401);
    const again = await api.request('DELETE', `/api/tokens/${id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('PROV_ERR_NOT_FOUND');
  });

  it('a self-service token whose user was deleted authenticates nobody', async () => {
    const user = await createUser(api);
    const { token } = await mint({ name: 'orphan', role: 'StandardUser', user_id: user.id });
    expect((await api.get('/api/user', { token })).status).toBe(200);

    await api.post(`/api/users/${user.id}/destroy`);

    expect((await api.get('/api/user', { token })).status).toBe(401);
  });
});

describe('who may mint and revoke which role', () => {
  it('an Admin cannot mint a SystemAdmin token (403, nothing stored) but can mint Admin and StandardUser', async () => {
    const { token: admin } = await mint({ name: 'admin-minter', role: 'Admin' });
    const user = await createUser(api);
    const before = (await api.apiTokens.list()).length;

    const res = await api.post('/api/tokens', { name: 'escalate', role: 'SystemAdmin' }, { token: admin });

    expect(res.status).toBe(403);
    expect(res.body).toStrictEqual({ code: 'PROV_ERR_FORBIDDEN', message: 'Role Admin may not create SystemAdmin tokens', errors: [] });
    expect((await api.apiTokens.list()).length).toBe(before);
    expect((await api.post('/api/tokens', { name: 'peer', role: 'Admin' }, { token: admin })).status).toBe(201);
    expect((await api.post('/api/tokens', { name: 'self', role: 'StandardUser', user_id: user.id }, { token: admin })).status).toBe(201);
  });

  it('an Admin cannot revoke a SystemAdmin token; a SystemAdmin token can', async () => {
    const { token: admin } = await mint({ name: 'admin-revoker', role: 'Admin' });
    const sys = await mint({ name: 'sys', role: 'SystemAdmin' });

    const refused = await api.request('DELETE', `/api/tokens/${sys.id}`, undefined, { token: admin });

    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PROV_ERR_FORBIDDEN');
    expect((await api.get('/api/users', { token: sys.token })).status).toBe(200);
    const other = await mint({ name: 'sys-2', role: 'SystemAdmin' });
    expect((await api.request('DELETE', `/api/tokens/${other.id}`, undefined, { token: sys.token })).status).toBe(204);
  });

  it('the bootstrap token is a SystemAdmin: it mints SystemAdmin tokens', async () => {
    const res = await api.post('/api/tokens', { name: 'root-made', role: 'SystemAdmin' });

    expect(res.status).toBe(201);
    expect(res.body.role).toBe('SystemAdmin');
  });

  it('a StandardUser token can neither list, mint nor revoke tokens (403)', async () => {
    const user = await createUser(api);
    const { token, id } = await mint({ name: 'alice-app', role: 'StandardUser', user_id: user.id });

    const list = await api.get('/api/tokens', { token });
    const create = await api.post('/api/tokens', { name: 'more', role: 'StandardUser', user_id: user.id }, { token });
    const revoke = await api.request('DELETE', `/api/tokens/${id}`, undefined, { token });

    for (const r of [list, create, revoke]) {
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('PROV_ERR_FORBIDDEN');
    }
    expect((await api.get('/api/user', { token })).status).toBe(200);
  });
});
