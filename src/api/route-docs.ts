/**
 * @module Where the OpenAPI document finds the routes: routing.ts `route()` records each
 * operation's documentation on the express route it creates, and `collectRoutes` walks the app's
 * express 5 router stack (as route-guards.ts does) with the mount prefixes, so the document
 * describes exactly what the server registered. A route added without `route()` has no record and
 * is named by `undocumentedRoutes` (test/api/openapi-drift.test.ts).
 */
import type { Express } from 'express';
import type { DocAccess, DocumentedRoute, OperationDoc } from '../openapi/types.js';
import { isPassThrough } from './route-guards.js';

const DOCS = new WeakMap<object, { readonly access: DocAccess; readonly operations: Readonly<Record<string, OperationDoc>> }>();

/** Records the documentation of an express route (routing.ts `route()` only). */
export function recordRouteDocs(expressRoute: object, access: DocAccess, operations: Readonly<Record<string, OperationDoc>>): void {
  DOCS.set(expressRoute, { access, operations });
}

/** Every documented route of `app`, with full paths, in registration order. */
export function collectRoutes(app: Express): DocumentedRoute[] {
  const found: DocumentedRoute[] = [];
  walk(stackOf(app), '', (route, path) => {
    const docs = DOCS.get(route);
    if (docs) found.push({ path, ...docs });
  });
  return found;
}

/** `METHOD path` of every route of `app` that answers something and was not registered by `route()`. */
export function undocumentedRoutes(app: Express): string[] {
  const found: string[] = [];
  walk(stackOf(app), '', (route, path) => {
    if (DOCS.has(route) || route.stack.every((h) => isPassThrough(h.handle))) return;
    const methods = new Set(route.stack.map((h) => (h.method ?? 'all').toUpperCase()));
    for (const method of methods) found.push(`${method} ${path}`);
  });
  return found;
}

// --- internal ---

interface ExpressRoute {
  readonly path: string | string[];
  readonly stack: readonly { readonly method?: string; readonly handle: object }[];
}

interface Layer {
  readonly route?: ExpressRoute;
  /** The path given to `use()` (router 2.x); '/' when none was. */
  readonly rawPath?: unknown;
  readonly handle?: { readonly stack?: Layer[] };
}

function stackOf(app: Express): Layer[] {
  return (app as unknown as { router: { stack: Layer[] } }).router.stack;
}

function walk(stack: readonly Layer[], prefix: string, visit: (route: ExpressRoute, path: string) => void): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of [layer.route.path].flat()) visit(layer.route, prefix + path);
    } else if (layer.handle?.stack) {
      if (typeof layer.rawPath !== 'string') throw new Error('a router is mounted on a path that is not a plain string: it cannot be documented');
      walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : layer.rawPath), visit);
    }
  }
}
