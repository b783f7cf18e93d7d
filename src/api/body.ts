/**
 * @module How the admin API reads a JSON body: the content type is required, the raw bytes must
 * be well-formed in their charset and nested at most MAX_BODY_DEPTH levels (checked on the text
 * before JSON.parse, so no depth can overflow the stack: a body nested 120,000 deep answered 500,
 * issue 9), and every string of the parsed body, keys included, must be text XML can carry
 * (src/domain/text.ts). One middleware chain for every route, so no field is missed.
 */
import express, { type RequestHandler } from 'express';
import { findDepthExcess } from '../domain/free-json.js';
import { findBadText } from '../domain/text.js';
import { ProvError, validationError } from '../errors.js';

/** Largest JSON body accepted; bigger ones are 400 PROV_ERR_BODY_INVALID. */
export const BODY_LIMIT = '256kb';
export const BODY_LIMIT_TEXT = '256 kB';

/**
 * Deepest nesting of a whole body. Far above any real one (free-form fields are bounded at 16 by
 * validation, which names the field), far below what a recursive step could overflow on.
 */
export const MAX_BODY_DEPTH = 1024;

const JSON_TYPES = ['application/json', 'application/*+json'];

/** The body-reading chain: content type, bytes (charset, depth), JSON, characters. */
export function jsonBody(): RequestHandler[] {
  return [requireJsonBody, express.json({ limit: BODY_LIMIT, strict: false, type: JSON_TYPES, verify: checkRawBody }), checkBodyText];
}

// --- internal ---

/** A request that carries a body must say it is JSON; otherwise it would be silently ignored. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && req.method !== 'GET' && req.method !== 'HEAD' && !req.is(JSON_TYPES)) throw bodyInvalid('Content-Type must be application/json');
  next();
};

/**
 * body-parser's `verify` hook: runs on the raw bytes before they are decoded and parsed. A throw
 * here reaches the error handler as is (body-parser keeps a thrown error's 400 status).
 */
function checkRawBody(_req: unknown, _res: unknown, raw: Buffer, encoding: string | null): void {
  let text: string;
  try {
    // fatal: invalid bytes would otherwise become U+FFFD without a word.
    text = new TextDecoder(encoding ?? 'utf-8', { fatal: true }).decode(raw);
  } catch {
    throw bodyInvalid(`it is not valid ${(encoding ?? 'utf-8').toUpperCase()}`);
  }
  const excess = findDepthExcess(text, MAX_BODY_DEPTH);
  if (excess) {
    const reason = `it is nested deeper than ${MAX_BODY_DEPTH} levels`;
    throw new ProvError('PROV_ERR_BODY_INVALID', [reason], { errors: [{ field: excess.key ?? '(body)', message: `is nested deeper than ${MAX_BODY_DEPTH} levels` }] });
  }
}

/** Every string of the parsed body, keys included, must be text XML can carry. */
const checkBodyText: RequestHandler = (req, _res, next) => {
  const errors = req.body === undefined ? [] : findBadText(req.body);
  if (errors.length > 0) throw validationError(errors);
  next();
};

function bodyInvalid(reason: string): ProvError {
  return new ProvError('PROV_ERR_BODY_INVALID', [reason], { errors: [{ field: '(body)', message: reason }] });
}
