/**
 * @module Marks that let a guard test prove every admin API route declares who may use it:
 * `authorize` marks its middleware as a guard, middleware that only observes and calls next()
 * (audit lines) is marked pass-through, and `unguardedRoutes` walks an app's routers and names
 * every route whose handlers could run without a guard first. A route added with a bare
 * `router.get(...)` instead of routing.ts `route()` is found by test/api/route-guards.test.ts.
 */
import type { Express, RequestHandler } from 'express';

const GUARDS = new WeakSet<object>();
const PASS_THROUGH = new WeakSet<object>();

/** Marks `handler` as an authorisation guard (auth.ts `authorize` only). */
export function asGuard<T extends RequestHandler>(handler: T): T {
  GUARDS.add(handler);
  return handler;
}

/** Marks `handler` as one that never answers, only observes and calls next() (e.g. an audit line). */
export function asPassThrough<T extends RequestHandler>(handler: T): T {
  PASS_THROUGH.add(handler);
  return handler;
}

/** True when `handler` was marked by asPassThrough (it only observes). */
export function isPassThrough(handler: object): boolean {
  return PASS_THROUGH.has(handler);
}

/**
 * `METHOD path` of every route of `app` where some method's first handler is not a guard (routes
 * made only of pass-through handlers are fine: they answer nothing). Reads express 5's router
 * stack (`app.router.stack`, `layer.route`, a sub-router's `handle.stack`); for tests.
 */
export function unguardedRoutes(app: Express): string[] {
  const found: string[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, found);
  return found;
}

// --- internal ---

interface Layer {
  readonly route?: { readonly path: string | string[]; readonly stack: readonly { readonly method?: string; readonly handle: object }[] };
  readonly handle?: { readonly stack?: Layer[] };
}

function walk(stack: readonly Layer[], found: string[]): void {
  for (const layer of stack) {
    if (layer.route) checkRoute(layer.route, found);
    else if (layer.handle?.stack) walk(layer.handle.stack, found);
  }
}

function checkRoute(route: NonNullable<Layer['route']>, found: string[]): void {
  if (route.stack.every((h) => PASS_THROUGH.has(h.handle))) return;
  const first = new Map<string, object>();
  for (const h of route.stack) {
    const method = h.method ?? 'ALL';
    if (!first.has(method)) first.set(method, h.handle);
  }
  for (const [method, handle] of first) if (!GUARDS.has(handle)) found.push(`${method.toUpperCase()} ${String(route.path)}`);
}
