/** @module The error handler: 404, 405 + Allow, malformed and non-object bodies, 500 without leaks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOM_MESSAGE } from '../helpers/fake-provisioning.js';
import { createPhone, createUser, startApi, userBody, type ApiHarness } from '../helpers/api-harness.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('unknown routes and methods', () => {
  it('404 PROV_ERR_NOT_FOUND for an unknown route, inside and outside /api', async () => {
    for (const path of ['/api/nope', '/api/users/x/y/z/w', '/nope']) {
      const res = await api.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe('PROV_ERR_NOT_FOUND');
      expect(res.body.errors).toEqual([]);
    }
  });

  it.each([
    ['PUT', '/api/users', 'GET, HEAD, POST'],
    ['DELETE', '/api/phones', 'GET, HEAD'],
    ['PUT', '/api/users/abc', 'DELETE, GET, HEAD, PATCH, POST'],
    ['GET', '/api/users/abc/destroy', 'POST'],
    ['DELETE', '/api/network', 'GET, HEAD, POST'],
    ['POST', '/api/phone_models', 'GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('405 for %s %s with Allow: %s', async (method, path, allow) => {
    const res = await api.request(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body.code).toBe('PROV_ERR_METHOD_NOT_ALLOWED');
  });

  it('HEAD is served where GET is', async () => {
    const res = await api.request('HEAD', '/api/users');
    expect(res.status).toBe(200);
  });
});

describe('bodies', () => {
  it('400 PROV_ERR_BODY_INVALID for malformed JSON, nothing written', async () => {
    const res = await api.request('POST', '/api/users', '{"name": "bob",');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_BODY_INVALID');
    expect(res.body.errors).toEqual([{ field: '(body)', message: expect.any(String) }]);
    expect((await api.get('/api/users')).body.count).toBe(0);
  });

  it.each([['[]'], ['"text"'], ['42'], ['null']])('400 PROV_ERR_VALIDATION for a body that is not an object: %s', async (body) => {
    const res = await api.request('POST', '/api/users', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(res.body.errors).toEqual([{ field: '(body)', message: 'must be a JSON object' }]);
  });

  it('400 PROV_ERR_BODY_INVALID for a body that is not declared JSON, nothing written', async () => {
    const res = await api.request('POST', '/api/users', JSON.stringify(userBody()), { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_BODY_INVALID');
    expect((await api.get('/api/users')).body.count).toBe(0);
  });

  it('400 PROV_ERR_BODY_INVALID for a body over 256 kB', async () => {
    const res = await api.post('/api/users', userBody({ address: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_BODY_INVALID');
    expect(res.body.message).toMatch(/256 kB/);
  });

  it('accepts application/*+json', async () => {
    const res = await api.request('POST', '/api/users', userBody(), { headers: { 'content-type': 'application/merge-patch+json' } });
    expect(res.status).toBe(201);
  });
});

describe('internal errors', () => {
  it('500 PROV_ERR_INTERNAL with a generic message; the error is logged, the body is not', async () => {
    const user = await createUser(api, { password: 'Body-Secret-77' });
    const phone = await createPhone(api, user.id, { mac: '00:15:65:00:00:01' });
    const res = await api.get(`/api/phones/${phone.mac}/files/boom.cfg`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ code: 'PROV_ERR_INTERNAL', message: 'Internal server error', errors: [] });
    expect(res.text).not.toContain('hunter2');
    const logs = api.logs();
    expect(logs).toContain(BOOM_MESSAGE);
    expect(logs).toMatch(/"level":"error"/);
    expect(logs).not.toContain('Body-Secret-77');
  });
});
