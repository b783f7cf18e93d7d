/**
 * The OpenAPI 3.1 document (issue 13 §1): valid for a maintained validator, generated from the zod
 * schemas that validate the API (not written by hand), with the error shape, list queries, auth
 * and roles of every operation.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { USER_QUERY } from '../../src/api/queries.js';
import { UserCreateSchema } from '../../src/domain/user.js';
import { ERRORS } from '../../src/errors.js';
import { buildOpenApiDocument } from '../../src/openapi/document.js';
import { toJsonSchema } from '../../src/openapi/json-schema.js';
import { DEFAULT_TOP, MAX_TOP } from '../../src/store/query.js';
import { startFullApi, type FullApi } from '../helpers/full-api.js';

type Operation = {
  operationId: string; summary: string; security: Record<string, string[]>[]; parameters?: { name: string; in: string; schema: Record<string, unknown>; description?: string }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, { content?: Record<string, { schema: any }> }>;
};
type Doc = { openapi: string; info: { version: string }; tags: { name: string }[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any> } };

describe('OpenAPI document', () => {
  let api: FullApi;
  let doc: Doc;
  let text: string;
  const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

  beforeAll(async () => {
    api = await startFullApi();
    const res = await api.request('GET', '/api/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    text = await res.text();
    doc = JSON.parse(text) as Doc;
  });
  afterAll(() => api.close());

  it('is a valid OpenAPI 3.1 document for @seriousme/openapi-schema-validator', async () => {
    const validator = new Validator();

    const result = await validator.validate(structuredClone(doc));

    expect(result.errors ?? []).toStrictEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.info.version).toBe('9.9.9-test');
  });

  it('has schemas that compile as JSON Schema 2020-12, and no $ref that does not resolve', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(doc, 'doc');

    for (const name of Object.keys(doc.components.schemas)) expect(() => ajv.getSchema(`doc#/components/schemas/${name}`)).not.toThrow();
    for (const ref of text.matchAll(/"\$ref":"([^"]+)"/g)) expect(ref[1]).toMatch(/^#\/components\/schemas\/[A-Za-z0-9._-]+$/);
  });

  it('documents request bodies with the very schemas that validate them', () => {
    const body = doc.paths['/api/users']!.post!.requestBody!.content['application/json']!.schema;

    expect(doc.components.schemas[(body.$ref as string).split('/').pop()!]).toStrictEqual({ ...toJsonSchema(UserCreateSchema, 'input'), title: 'UserCreate' });
  });

  it('lists every error code of the registry in the error shape, and each operation its own by status', () => {
    const error = doc.components.schemas.Error;

    expect(error.required).toStrictEqual(['code', 'message', 'errors']);
    expect(error.properties.code.enum).toStrictEqual(Object.keys(ERRORS));
    for (const { op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (!/^[45]/.test(status) || !schema?.allOf) continue;
        const codes: string[] = schema.allOf[1].properties.code.enum;
        for (const code of codes) expect(ERRORS[code as keyof typeof ERRORS].status).toBe(Number(status));
      }
    }
    expect(Object.keys(doc.paths['/api/users/{id}/phones']!.post!.responses)).toStrictEqual(['201', '400', '401', '403', '404', '409', '422', 'default']);
  });

  it('documents the list query syntax and bounds of list endpoints', () => {
    const params = doc.paths['/api/users']!.get!.parameters!;
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));

    expect(params.map((p) => p.name)).toStrictEqual(['filter', 'search', 'orderby', 'skip', 'top', 'with_secrets']);
    expect(byName.top!.schema).toMatchObject({ default: DEFAULT_TOP, maximum: MAX_TOP, minimum: 1 });
    for (const field of USER_QUERY.fields) expect(byName.filter!.description).toContain(`\`${field}\``);
    expect(byName.filter!.description).toContain('startswith');
  });

  it('states who may call each operation: a bearer token and its roles, or none', () => {
    for (const { path, op } of operations()) {
      const open = ['/healthz', '/readyz', '/metrics', '/api/openapi.json', '/api/docs', '/api/docs/{asset}'].includes(path);
      if (open) expect(op.security).toStrictEqual([]);
      else expect(op.security[0]!.bearer!.length).toBeGreaterThan(0);
    }
    expect(doc.paths['/api/users']!.get!.security).toStrictEqual([{ bearer: ['SystemAdmin', 'Admin'] }]);
    expect(doc.paths['/api/user/phones']!.get!.security).toStrictEqual([{ bearer: ['StandardUser', 'StandardInternationalUser'] }]);
  });

  it('gives every operation a summary, a unique operationId and a tag, the public groups last', () => {
    const ids = operations().map(({ op }) => op.operationId);

    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.tags.map((t) => t.name)).toStrictEqual(['firmware', 'users', 'phones', 'rps', 'network', 'vendors', 'certs', 'tokens', 'user', 'resync', 'templates', 'unknown_phones', 'qrcode', 'health', 'docs']);
    for (const { op } of operations()) expect(op.summary.length).toBeGreaterThan(3);
  });

  it('moves the parts of a recursive schema to named components', async () => {
    type Tree = { name: string; children: Tree[] };
    const TreeSchema: z.ZodType<Tree> = z.lazy(() => z.object({ name: z.string(), children: z.array(TreeSchema) })).meta({ title: 'Tree' });
    const built = buildOpenApiDocument([{
      path: '/trees', access: ['SystemAdmin'],
      operations: { POST: { summary: 'Plant a tree', body: TreeSchema, responses: { 201: { description: 'Planted.', schema: TreeSchema } } } },
    }], { title: 'trees', version: '1' });

    const text = JSON.stringify(built);
    expect(text).not.toContain('#/$defs/');
    expect(text).not.toContain('"$ref":"#"');
    expect(text).toContain('"items":{"$ref":"#/components/schemas/Tree"}');
    expect((await new Validator().validate(built)).valid).toBe(true);
  });
});
