/**
 * @module One OpenAPI operation object from a route's OperationDoc: parameters (path, list
 * query, query schema, headers), request body, answers, errors by status, security (roles).
 */
import { byStatus, errorCodesOf } from './error-shape.js';
import { listQueryParameters, PAGE_DESCRIPTION } from './list-query.js';
import type { SchemaConverter, SchemaObject } from './json-schema.js';
import type { DocAccess, OperationDoc, ResponseDoc } from './types.js';

/** Descriptions of the path parameters the API uses everywhere (an operation may override them). */
const COMMON_PARAMS: Readonly<Record<string, string>> = {
  mac: 'A MAC address in any common spelling: `00:15:65:AA:BB:CC`, `00-15-65-aa-bb-cc`, `001565aabbcc`.',
  phone_id: "The phone's id (as answered when it was created).",
  vendor: 'A vendor id: the name of its folder under `templates/` (`yealink`, `snom`, ...).',
  name: 'A file name, as listed by the collection above it.',
};

/** The security scheme name in `components.securitySchemes`. */
export const BEARER = 'bearer';

/** The OpenAPI form of an express path: `/users/:id` -> `/users/{id}`. @throws Error on wildcards or optional parts */
export function openApiPath(expressPath: string): string {
  if (/[*{}()?+]/.test(expressPath)) throw new Error(`path ${expressPath}: only plain segments and :params can be documented`);
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** Builds the operation object of `method path`. */
export function buildOperation(method: string, path: string, access: DocAccess, doc: OperationDoc, schemas: SchemaConverter): Record<string, unknown> {
  const parameters = [
    ...[...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map(([, name]) => ({
      name, in: 'path', required: true, schema: { type: 'string' }, description: doc.params?.[name!] ?? paramDescription(path, name!),
    })),
    ...(doc.list ? listQueryParameters(doc.list) : []),
    ...(doc.query ? queryParameters(schemas.convert(doc.query, 'input')) : []),
    ...Object.entries(doc.headers ?? {}).map(([name, description]) => ({ name, in: 'header', required: false, schema: { type: 'string' }, description })),
  ];
  const roles = access === 'public' ? 'No token needed.' : `Bearer token of role ${access.join(' or ')}.`;
  return {
    operationId: operationId(method, path),
    summary: doc.summary,
    description: [doc.description, roles].filter(Boolean).join('\n\n'),
    tags: doc.tags ?? [path.replace(/^\/api\//, '/').split('/')[1] || 'root'],
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body ? { requestBody: { required: !doc.bodyOptional, content: { 'application/json': { schema: schemas.convert(doc.body, 'input') } } } } : {}),
    responses: { ...successResponses(doc, schemas), ...errorResponses(path, access, doc) },
    // OpenAPI 3.1: for schemes other than OAuth the array lists role names.
    security: access === 'public' ? [] : [{ [BEARER]: [...access] }],
  };
}

// --- internal ---

/** `:id` after `/users` is "The user's id"; other names from COMMON_PARAMS. */
function paramDescription(path: string, name: string): string {
  const before = new RegExp(`/([A-Za-z_]+)/:${name}\\b`).exec(path)?.[1];
  if (name === 'id' && before) return `The ${before.replace(/s$/, '')}'s id (as answered when it was created).`;
  return COMMON_PARAMS[name] ?? `The ${name}.`;
}

/** `get /api/users/:id/phones` -> `getApiUsersIdPhones`: unique because method + path are. */
function operationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function queryParameters(object: SchemaObject): Record<string, unknown>[] {
  const properties = (object.properties ?? {}) as Record<string, SchemaObject>;
  const required = (object.required ?? []) as string[];
  return Object.entries(properties).map(([name, schema]) => ({
    name, in: 'query', required: required.includes(name), schema, ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
  }));
}

function successResponses(doc: OperationDoc, schemas: SchemaConverter): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc.responses).map(([status, r]: [string, ResponseDoc]) => {
    const content: Record<string, unknown> = {};
    if (r.schema) content['application/json'] = { schema: schemas.convert(r.schema, 'output') };
    for (const [type, description] of Object.entries(r.content ?? {})) content[type] = { schema: { type: 'string', description } };
    const description = doc.list && status === '200' ? `${r.description} ${PAGE_DESCRIPTION}` : r.description;
    const headers = Object.entries(r.headers ?? {}).map(([name, d]) => [name, { description: d, schema: { type: 'string' } }]);
    return [status, { description, ...(headers.length ? { headers: Object.fromEntries(headers) } : {}), ...(Object.keys(content).length ? { content } : {}) }];
  }));
}

function errorResponses(path: string, access: DocAccess, doc: OperationDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, codes] of byStatus(errorCodesOf(path, access, doc))) {
    const schema = { allOf: [{ $ref: '#/components/schemas/Error' }, { type: 'object', properties: { code: { enum: codes } } }] };
    out[String(status)] = {
      description: codes.join(', '),
      ...(status === 401 ? { headers: { 'WWW-Authenticate': { description: '`Bearer`', schema: { type: 'string' } } } } : {}),
      content: { 'application/json': { schema } },
    };
  }
  out.default = {
    description: 'Any other failure, e.g. 500 PROV_ERR_INTERNAL (details only in the server log) or 503 PROV_ERR_STORE_UNAVAILABLE.',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  return out;
}
