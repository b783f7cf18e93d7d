/**
 * @module The audit trail of the admin API: one log line per write (POST, PUT, PATCH, DELETE),
 * whatever its result, once the answer is sent. Who (the identity authentication found: its
 * name as `actor`, `token_id`, `role`, and a fingerprint of the token, never the token), what
 * (method, path, resource id) and the result status; never a body, a query string or a secret.
 *
 * @example
 * {"level":"info","time":"...","audit":"api_write","actor":"helpdesk","token_id":"9b2e...",
 *  "role":"Admin","token_fp":"sha256:9f86d081","method":"PATCH","path":"/api/users/6c1e...",
 *  "resource":"6c1e...","status":200,"msg":"api write"}
 */
import type { RequestHandler, Response } from 'express';
import { fingerprintOf, type Identity } from '../identity/identity.js';
import { hashApiToken } from '../identity/token.js';
import type { Logger } from '../logger.js';
import { maybeIdentityOf } from './auth.js';
import { asPassThrough } from './route-guards.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * The resource a write is about when its answer names no `id`: the last group that matched.
 * /api/users/{id}[/phones/{phone_id}][/...], /api/rps/accounts/{vendor}[/check] (the vendor,
 * never anything of the account), /api/phones/{mac}/... (the MAC as written in the path),
 * /api/tokens/{id}[/destroy] (the token's id, never the token), /api/templates/{vendor}/{file}[/revert]
 * (`<vendor>/<file>` as written in the path), /api/firmware/{vendor}/{model} (`<vendor>/<model>`).
 */
const RESOURCE_PATHS = [
  /^\/api\/users\/([^/]+)(?:\/phones\/([^/]+))?/, /^\/api\/rps\/accounts\/([^/]+)/, /^\/api\/phones\/([^/]+)/, /^\/api\/tokens\/([^/]+)/,
  /^\/api\/templates\/([^/]+\/[^/]+)/, /^\/api\/firmware\/([^/]+\/[^/]+)/,
];

/**
 * A short, stable, non-secret identity of a token: the first 8 hex digits of its SHA-256 (32 bits
 * of a hash of a 256-bit random token say nothing usable about it), so an operator can tell which
 * token wrote after a rotation.
 */
export function tokenFingerprint(token: string): string {
  return fingerprintOf(hashApiToken(token));
}

/**
 * The audit middleware; mount it before authentication so refused writes are audited too (as
 * `anonymous`, with no token fields, when no identity was found).
 */
export function auditWrites(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!WRITES.has(req.method)) return next();
    const answered = answeredId(res);
    res.on('finish', () => {
      const path = req.originalUrl.split('?')[0]!.slice(0, 256);
      const m = RESOURCE_PATHS.map((re) => re.exec(path)).find((match) => match !== null);
      logger.info(
        { audit: 'api_write', ...who(res), method: req.method, path, resource: answered() ?? m?.[2] ?? m?.[1], status: res.statusCode },
        'api write'
      );
    });
    next();
  };
}

/**
 * The audit line of a read that hands out a secret (a QR code holding a password or a door code),
 * once answered: `audit` names it (`qr_code`, `door_qr`), `fields` adds what was asked for (the
 * app, the purpose), never the secret, the query string or the answer. `user` is the user of the
 * path, or the identity's own user on the self-service paths (`/api/user/...`).
 */
export function auditSecretRead(logger: Logger, audit: string, fields: (query: Record<string, unknown>) => Record<string, unknown>): RequestHandler {
  return asPassThrough((req, res, next) => {
    res.on('finish', () => {
      const path = req.originalUrl.split('?')[0]!.slice(0, 256);
      const m = RESOURCE_PATHS[0]!.exec(path);
      const user = m?.[1] ?? maybeIdentityOf(res)?.userId ?? undefined;
      logger.info(
        { audit, ...who(res), method: req.method, path, resource: m?.[2] ?? user, user, ...fields(req.query as Record<string, unknown>), status: res.statusCode },
        'secret read'
      );
    });
    next();
  });
}

/**
 * The audit line of a list read with `with_secrets=true` (api/with-secrets.ts), answered or
 * refused: who asked, the path and the status, never the answer. Mount it before authentication,
 * like auditWrites.
 */
export function auditSecretLists(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' || (req.query as Record<string, unknown>).with_secrets !== 'true') return next();
    res.on('finish', () => {
      logger.info({ audit: 'secrets_list', ...who(res), method: req.method, path: req.originalUrl.split('?')[0]!.slice(0, 256), status: res.statusCode }, 'secret read');
    });
    next();
  };
}

// --- internal ---

/** The audit fields naming who asked; `anonymous` alone when authentication found nobody. */
function who(res: Response): Record<string, string> {
  const identity: Identity | undefined = maybeIdentityOf(res);
  if (!identity) return { actor: 'anonymous' };
  return { actor: identity.name, token_id: identity.id, role: identity.role, token_fp: identity.fingerprint };
}

/**
 * The `id` of the JSON answer, when it has one (a created user, phone or token): the only thing
 * taken from an answer. res.json is wrapped for this request only.
 */
function answeredId(res: Response): () => string | undefined {
  let id: string | undefined;
  const json = res.json.bind(res);
  res.json = (body?: unknown) => {
    const value = body !== null && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
    if (typeof value === 'string') id = value;
    return json(body);
  };
  return () => id;
}
