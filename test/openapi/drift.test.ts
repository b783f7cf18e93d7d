/**
 * No drift between the server and its OpenAPI document (issue 13 §1): every route the express
 * app registers is documented (a route added without routing.ts `route()` is named), the document
 * served lists exactly the documented routes, and every documented path and method answers on a
 * real listener (not the catch-all 404, not 405).
 */
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRoutes, undocumentedRoutes } from '../../src/api/route-docs.js';
import { asPassThrough } from '../../src/api/route-guards.js';
import { route } from '../../src/api/routing.js';
import { buildOpenApiDocument } from '../../src/openapi/document.js';
import { startFullApi, type FullApi } from '../helpers/full-api.js';

/** A value for each path parameter the API uses; a new name fails the test until it is added here. */
const PARAM_VALUES: Record<string, string> = {
  id: 'no-such-id', phone_id: 'no-such-phone', mac: '00:15:65:00:00:01', vendor: 'acme', model: 'X100', name: 'common.xml', asset: 'init.js', file: 'device.hbs', version: '1',
};

type Doc = { paths: Record<string, Record<string, unknown>> };

describe('OpenAPI document drift', () => {
  let api: FullApi;
  let served: Doc;

  beforeAll(async () => {
    api = await startFullApi();
    served = (await (await api.request('GET', '/api/openapi.json', { token: null })).json()) as Doc;
  });
  afterAll(() => api.close());

  it('finds no route of the full app registered without its documentation', () => {
    expect(undocumentedRoutes(api.app)).toStrictEqual([]);
  });

  it('serves every registered route and method, and nothing else', () => {
    const registered = collectRoutes(api.app).flatMap((r) => Object.keys(r.operations).map((m) => `${m} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
    const documented = Object.entries(served.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));

    expect(documented.sort()).toStrictEqual([...new Set(registered)].sort());
    expect(documented).toContain('POST /api/unknown_phones/{mac}/assign');
    expect(documented).toContain('GET /api/users/{id}/phones/{phone_id}/qrcode');
  });

  it('answers every documented path and method from a route of its own', async () => {
    const misses: string[] = [];
    for (const [path, item] of Object.entries(served.paths)) {
      for (const method of Object.keys(item)) {
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
          if (!(name in PARAM_VALUES)) throw new Error(`no test value for path parameter ${name}`);
          return encodeURIComponent(PARAM_VALUES[name]!);
        });
        const miss = await unrouted(method.toUpperCase(), url);
        if (miss) misses.push(`${method.toUpperCase()} ${path} -> ${miss}`);
      }
    }

    expect(misses).toStrictEqual([]);
    // The check itself: a path or method the server lacks is seen as one.
    expect(await unrouted('GET', '/api/nowhere')).toBe('404 PROV_ERR_NOT_FOUND');
    expect(await unrouted('PUT', '/api/users')).toBe('405 PROV_ERR_METHOD_NOT_ALLOWED');
  });

  /** '<status> <code>' when `method url` reached no route (the catch-all 404, or a 405); undefined when a route answered. */
  async function unrouted(method: string, url: string): Promise<string | undefined> {
    const res = await api.request(method, url, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
    const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { code?: string; message?: string }) : (await res.arrayBuffer(), {});
    const fellThrough = res.status === 404 && body.code === 'PROV_ERR_NOT_FOUND' && body.message === `No such resource: ${decodeURIComponent(url)}`;
    return fellThrough || res.status === 405 ? `${res.status} ${body.code ?? ''}` : undefined;
  }

  it('names a route added without route() and keeps pass-through-only routes out', () => {
    const app = express();
    const router = express.Router();
    route(router, '/documented', { GET: { summary: 'Documented', responses: { 200: { description: 'Empty.' } }, handler: (_req, res) => void res.end() } });
    router.get('/documented', asPassThrough((_req, _res, next) => next()));
    router.post('/bare', (_req, res) => void res.end());
    app.use('/api', router);

    expect(undocumentedRoutes(app)).toStrictEqual(['POST /api/bare']);
    expect(collectRoutes(app).map((r) => r.path)).toStrictEqual(['/api/documented']);
  });

  it('refuses to document a path with wildcards or optional parts', () => {
    const op = { summary: 'Files', responses: { 200: { description: 'A file.' } } };

    expect(() => buildOpenApiDocument([{ path: '/files/*rest', access: 'public', operations: { GET: op } }], { title: 't', version: '1' })).toThrow(/only plain segments/);
    expect(() => buildOpenApiDocument([{ path: '/a', access: 'public', operations: { GET: op } }, { path: '/a', access: 'public', operations: { GET: op } }], { title: 't', version: '1' })).toThrow(/documented twice/);
  });
});
