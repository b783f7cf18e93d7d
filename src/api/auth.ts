/** @module Bearer-token check for everything under /api. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ProvError } from '../errors.js';

/**
 * Requires `Authorization: Bearer <adminToken>`. Both sides are hashed (SHA-256) first so
 * timingSafeEqual compares equal-length digests and neither the token nor its length leaks
 * through timing. Missing or wrong -> 401 PROV_ERR_UNAUTHORIZED with `WWW-Authenticate: Bearer`
 * (set by the error handler).
 */
export function bearerAuth(adminToken: string): RequestHandler {
  if (adminToken.length === 0) throw new Error('bearerAuth: the admin token must not be empty');
  const expected = digest(adminToken);
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) throw new ProvError('PROV_ERR_UNAUTHORIZED');
    next();
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
