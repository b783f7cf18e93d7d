/**
 * @module Small helpers the thin route modules share: one call per path (with the roles it
 * allows, each operation's documentation for the OpenAPI document, and the 405 fallback),
 * the JSON body as a plain object, `{mac}` parameters and list queries.
 */
import type { Request, RequestHandler, Router } from 'express';
import { parseMac, type Mac } from '../domain/mac.js';
import { ProvError, validationError } from '../errors.js';
import { ADMIN_ROLES } from '../identity/roles.js';
import { parseListQuery, type ListQuery, type QueryableFields } from '../store/query.js';
import type { OperationDoc } from '../openapi/types.js';
import { authorize, type Access } from './auth.js';
import { recordRouteDocs } from './route-docs.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One method of a path: its handler and its documentation (summary, body and answer schemas,
 * errors). The documentation is required: it is what `GET /api/openapi.json` says.
 */
export interface Operation extends OperationDoc {
  readonly handler: RequestHandler;
}

/**
 * A 405 answer. The error handler turns it into PROV_ERR_METHOD_NOT_ALLOWED with an `Allow`
 * header listing `allow`.
 */
export class MethodNotAllowedError extends ProvError {
  readonly allow: readonly string[];

  constructor(method: string, allow: readonly string[]) {
    super('PROV_ERR_METHOD_NOT_ALLOWED', [method]);
    this.allow = allow;
  }
}

/**
 * Registers the operations of one path and a fallback for every other method that answers 405.
 * HEAD is served by the GET handler (express does this) and is listed in `Allow`.
 * `access` declares who may use the path (default: the admin roles, so a route that declares
 * nothing is closed to self-service tokens); `authorize` runs before every handler and before
 * the 405, so a forbidden identity learns nothing about the path's methods.
 * Each operation's documentation is recorded on the route for the OpenAPI document (route-docs.ts).
 * @example route(router, '/users/:id', { GET: { summary: 'Get a user', responses: { 200: { description: 'The user', schema: UserViewSchema } }, handler } })
 */
export function route(router: Router, path: string, operations: Partial<Record<Method, Operation>>, access: Access = ADMIN_ROLES): void {
  const r = router.route(path);
  const guard = authorize(access);
  const allow: string[] = [];
  const docs: Record<string, OperationDoc> = {};
  for (const [method, { handler, ...doc }] of Object.entries(operations) as [Method, Operation][]) {
    r[method.toLowerCase() as Lowercase<Method>](guard, handler);
    docs[method] = doc;
    allow.push(method);
    if (method === 'GET') allow.push('HEAD');
  }
  allow.sort();
  r.all(guard, (req) => {
    throw new MethodNotAllowedError(req.method, allow);
  });
  recordRouteDocs(r, access, docs);
}

/**
 * The request body as a plain object. No body at all counts as `{}` (e.g. `POST .../destroy`);
 * JSON that is not an object (array, string, number, null) is PROV_ERR_VALIDATION.
 */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationError([{ field: '(body)', message: 'must be a JSON object' }]);
  }
  return body as Record<string, unknown>;
}

/** A route parameter, always a string in express 5 for `:name` segments. */
export function param(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** The `{mac}` parameter in any common spelling. @throws ProvError PROV_ERR_MAC_INVALID */
export function macParam(req: Request, name = 'mac'): Mac {
  const raw = param(req, name);
  const mac = parseMac(raw);
  if (!mac) throw new ProvError('PROV_ERR_MAC_INVALID', [raw], { errors: [{ field: name, message: 'must be a MAC address' }] });
  return mac;
}

/**
 * `filter`, `search`, `orderby`, `skip`, `top` of the query string, checked against `fields`.
 * A parameter given twice is refused rather than silently ignored.
 * @throws ProvError PROV_ERR_QUERY_INVALID
 */
export function listQueryOf(req: Request, fields: QueryableFields): ListQuery {
  const raw: Record<string, unknown> = {};
  for (const key of ['filter', 'search', 'orderby', 'skip', 'top']) {
    const value: unknown = (req.query as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      throw new ProvError('PROV_ERR_QUERY_INVALID', [`${key}: given more than once`], {
        errors: [{ field: key, message: 'given more than once' }],
      });
    }
    if (value !== undefined) raw[key] = value;
  }
  return parseListQuery(raw, fields);
}
