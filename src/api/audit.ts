/**
 * @module The audit trail of the admin API: one log line per write (POST, PUT, PATCH, DELETE),
 * whatever its result, once the answer is sent. Who (a stable identity of the token, never the
 * token), what (method, path, resource id) and the result status; never a body, a query string
 * or a secret.
 *
 * @example
 * {"level":"info","time":"...","audit":"api_write","actor":"admin","token_fp":"sha256:9f86d081",
 *  "method":"PATCH","path":"/api/users/6c1e...","resource":"6c1e...","status":200,"msg":"api write"}
 */
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * The resource a write is about when its answer names no `id`: the last group that matched.
 * /api/users/{id}[/phones/{phone_id}][/...], /api/rps/accounts/{vendor}[/check] (the vendor,
 * never anything of the account), /api/phones/{mac}/... (the MAC as written in the path).
 */
const RESOURCE_PATHS = [/^\/api\/users\/([^/]+)(?:\/phones\/([^/]+))?/, /^\/api\/rps\/accounts\/([^/]+)/, /^\/api\/phones\/([^/]+)/];

/**
 * A short, stable, non-secret identity of a token: the first 8 hex digits of its SHA-256 (32 bits
 * of a hash of a 256-bit random token say nothing usable about it), so an operator can tell which
 * token wrote after a rotation.
 */
export function tokenFingerprint(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 8)}`;
}

/**
 * The audit middleware; mount it before authentication so refused writes are audited too.
 * `actor`: the identity of the one admin token. A 401 comes only from the token check, so any
 * other answer was that token's (with several tokens, authentication would name the actor).
 */
export function auditWrites(logger: Logger, adminToken: string, actor = 'admin'): RequestHandler {
  const fingerprint = tokenFingerprint(adminToken);
  return (req, res, next) => {
    if (!WRITES.has(req.method)) return next();
    const answered = answeredId(res);
    res.on('finish', () => {
      const path = req.originalUrl.split('?')[0]!.slice(0, 256);
      const m = RESOURCE_PATHS.map((re) => re.exec(path)).find((match) => match !== null);
      const authenticated = res.statusCode !== 401;
      logger.info(
        {
          audit: 'api_write',
          actor: authenticated ? actor : 'anonymous',
          token_fp: authenticated ? fingerprint : undefined,
          method: req.method,
          path,
          resource: answered() ?? m?.[2] ?? m?.[1],
          status: res.statusCode,
        },
        'api write'
      );
    });
    next();
  };
}

// --- internal ---

/**
 * The `id` of the JSON answer, when it has one (a created user or phone): the only thing taken
 * from an answer. res.json is wrapped for this request only.
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

/**
 * The audit line of a read that hands out a secret (a QR code holding a password or a door code),
 * once answered: `audit` names it (`qr_code`, `door_qr`), `fields` adds what was asked for (the
 * app, the purpose), never the secret, the query string or the answer.
 */
export function auditSecretRead(logger: Logger, adminToken: string, audit: string, fields: (query: Record<string, unknown>) => Record<string, unknown>, actor = 'admin'): RequestHandler {
  const fingerprint = tokenFingerprint(adminToken);
  return (req, res, next) => {
    res.on('finish', () => {
      const path = req.originalUrl.split('?')[0]!.slice(0, 256);
      const m = RESOURCE_PATHS[0]!.exec(path);
      const authenticated = res.statusCode !== 401;
      logger.info(
        {
          audit,
          actor: authenticated ? actor : 'anonymous',
          token_fp: authenticated ? fingerprint : undefined,
          method: req.method,
          path,
          resource: m?.[2] ?? m?.[1],
          user: m?.[1],
          ...fields(req.query as Record<string, unknown>),
          status: res.statusCode,
        },
        'secret read'
      );
    });
    next();
  };
}
