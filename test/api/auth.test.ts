/** @module Bearer auth on /api; /healthz and /metrics open. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, TOKEN, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('bearer token', () => {
  it('401 without a token, with WWW-Authenticate and the error shape', async () => {
    const res = await api.get('/api/users', { auth: false });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body).toEqual({ code: 'PROV_ERR_UNAUTHORIZED', message: expect.any(String), errors: [] });
  });

  it.each([
    ['wrong token', `Bearer ${TOKEN}x`],
    ['shorter token', 'Bearer abc'],
    ['other scheme', `Basic ${TOKEN}`],
    ['no token after scheme', 'Bearer '],
  ])('401 with %s', async (_name, authorization) => {
    const res = await api.get('/api/users', { auth: false, headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('PROV_ERR_UNAUTHORIZED');
  });

  it('200 with the token', async () => {
    const res = await api.get('/api/users');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: 0, items: [] });
  });

  it('401 comes before 404 for unknown /api paths, and before the body is read', async () => {
    expect((await api.get('/api/nope', { auth: false })).status).toBe(401);
    const res = await api.request('POST', '/api/users', '{not json', { auth: false });
    expect(res.status).toBe(401);
  });

  it.each(['/API/users', '/api/users/', '/Api/Phones', '/api//users', '/api/%75sers'])('401 for the path spelling %s', async (path) => {
    const res = await api.get(path, { auth: false });
    expect(res.status).toBe(401);
  });

  it('writes nothing for an unauthenticated create', async () => {
    await api.post('/api/users', { name: 'x', extension_number: '555', extension_password: 'p' }, { auth: false });
    expect((await api.get('/api/users')).body.count).toBe(0);
  });
});

describe('open endpoints', () => {
  it('/healthz needs no token', async () => {
    const res = await api.get('/healthz', { auth: false });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/metrics needs no token and is Prometheus text', async () => {
    await api.get('/healthz', { auth: false });
    const res = await api.get('/metrics', { auth: false });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('# TYPE provd_api_requests_total counter');
    expect(res.text).toMatch(/provd_api_requests_total\{method="GET",status="200"\} \d+/);
  });
});
