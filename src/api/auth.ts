/**
 * @module Authentication and authorisation of everything under /api, as two explicit steps:
 * `bearerAuth` (once, for all of /api) finds who is asking; `authorize` (one per route, put
 * there by routing.ts `route()` from the roles the route declares) decides whether that
 * identity's role may use the route. No handler checks roles itself.
 */
import type { RequestHandler, Response } from 'express';
import { ProvError } from '../errors.js';
import type { Authenticator } from '../identity/authenticate.js';
import type { Identity } from '../identity/identity.js';
import type { TokenRole } from '../identity/roles.js';
import { asGuard } from './route-guards.js';

/** Who may use a route: the roles listed, or `public` (no token at all: /healthz, /metrics). */
export type Access = readonly TokenRole[] | 'public';

/**
 * Requires `Authorization: Bearer <token>` naming a known identity (the bootstrap admin token or
 * a stored token, src/identity/authenticate.ts) and keeps it for the request (`identityOf`).
 * Missing, unknown or revoked -> 401 PROV_ERR_UNAUTHORIZED with `WWW-Authenticate: Bearer` (set
 * by the error handler).
 */
export function bearerAuth(authenticate: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const identity = m ? await authenticate(m[1]!) : undefined;
    if (!identity) throw new ProvError('PROV_ERR_UNAUTHORIZED');
    res.locals.identity = identity;
    next();
  };
}

/** The identity bearerAuth found, or undefined (an open route, or a request it refused). */
export function maybeIdentityOf(res: Response): Identity | undefined {
  return res.locals.identity as Identity | undefined;
}

/** The identity of an authenticated request. @throws PROV_ERR_UNAUTHORIZED when there is none (fail closed). */
export function identityOf(res: Response): Identity {
  const identity = maybeIdentityOf(res);
  if (!identity) throw new ProvError('PROV_ERR_UNAUTHORIZED');
  return identity;
}

/**
 * The one authorisation decision: the request's identity must hold one of `access`'s roles, else
 * 403 PROV_ERR_FORBIDDEN naming the role and the request (method and path, never the query).
 */
export function authorize(access: Access): RequestHandler {
  if (access === 'public') return asGuard((_req, _res, next) => next());
  return asGuard((req, res, next) => {
    const identity = identityOf(res);
    if (!access.includes(identity.role)) throw new ProvError('PROV_ERR_FORBIDDEN', [identity.role, `${req.method} ${req.baseUrl}${req.path}`.slice(0, 200)]);
    next();
  });
}
