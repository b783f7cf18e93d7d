/**
 * @module The OpenAPI 3.1 document of the admin API, built once at start from the routes the
 * server registered (each carries its OperationDoc) and the zod schemas they name. Nothing here
 * is written by hand per path: a route added with `route()` is in the document.
 */
import { ErrorBodySchema } from './error-shape.js';
import { createSchemaConverter } from './json-schema.js';
import { BEARER, buildOperation, openApiPath } from './operation.js';
import type { DocumentedRoute } from './types.js';

export interface DocumentInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** The document version this builder writes. */
export const OPENAPI_VERSION = '3.1.1';

/**
 * Builds the document. Paths keep the order of registration; a path registered twice (two
 * routers) merges its methods. @throws Error when a method of a path is documented twice
 */
export function buildOpenApiDocument(routes: readonly DocumentedRoute[], info: DocumentInfo): Record<string, unknown> {
  const schemas = createSchemaConverter();
  schemas.convert(ErrorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const item = (paths[path] ??= {});
    for (const [method, doc] of Object.entries(route.operations)) {
      const verb = method.toLowerCase();
      if (item[verb]) throw new Error(`${method} ${route.path} is documented twice`);
      item[verb] = buildOperation(method, route.path, route.access, doc, schemas);
    }
  }
  return {
    openapi: OPENAPI_VERSION,
    tags: tagOrder(routes, paths),
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    security: [{ [BEARER]: [] }],
    paths,
    components: {
      securitySchemes: {
        [BEARER]: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (`Authorization: Bearer <token>`): the bootstrap admin token (role SystemAdmin) or one made by `POST /api/tokens`.',
        },
      },
      schemas: schemas.components,
    },
  };
}

// --- internal ---

/** Tags in order of first use, the groups of public paths (health, docs) last. */
function tagOrder(routes: readonly DocumentedRoute[], paths: Record<string, Record<string, unknown>>): { name: string }[] {
  const first = new Map<string, boolean>();
  for (const route of routes) {
    for (const method of Object.keys(route.operations)) {
      const op = paths[openApiPath(route.path)]![method.toLowerCase()] as { tags: string[] };
      for (const tag of op.tags) first.set(tag, (first.get(tag) ?? true) && route.access === 'public');
    }
  }
  const names = [...first.keys()];
  return [...names.filter((t) => !first.get(t)), ...names.filter((t) => first.get(t))].map((name) => ({ name }));
}
