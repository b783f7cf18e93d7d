/**
 * @module The one place errors become HTTP responses: `{ code, message, errors: [{ field, message }] }`.
 * Request bodies are never logged (they hold passwords).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ProvError, isProvError, validationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { MethodNotAllowedError } from './routing.js';

/** Final handler for requests no route matched: 404 PROV_ERR_NOT_FOUND. */
export const notFound: RequestHandler = (req) => {
  throw new ProvError('PROV_ERR_NOT_FOUND', [req.path]);
};

/**
 * Maps any error to a response. ProvError: its status and body. body-parser errors
 * (malformed JSON, too large, bad charset): 400 PROV_ERR_BODY_INVALID. Anything else: 500
 * PROV_ERR_INTERNAL with a generic message; the error itself goes to the log only.
 * 4xx are logged at debug (401/404) or info; 5xx at error.
 */
export function errorHandler(logger: Logger, bodyLimitText: string): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const error = toProvError(err, bodyLimitText);
    const where = { method: req.method, path: req.path, status: error.status, code: error.code };
    if (error.status >= 500) logger.error({ ...where, err: isProvError(err) ? err : describe(err) }, 'admin API request failed');
    else if (error.status === 401 || error.status === 404) logger.debug(where, error.message);
    else logger.info({ ...where, errors: error.errors }, error.message);

    if (res.headersSent) {
      // Too late for a JSON error: cut the connection so the client sees a broken response.
      req.socket.destroy();
      return;
    }
    if (error instanceof MethodNotAllowedError) res.set('Allow', error.allow.join(', '));
    if (error.code === 'PROV_ERR_UNAUTHORIZED') res.set('WWW-Authenticate', 'Bearer');
    res.status(error.status).json({ code: error.code, message: error.message, errors: error.errors });
  };
}

// --- internal ---

interface HttpLikeError {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
}

function toProvError(err: unknown, bodyLimitText: string): ProvError {
  if (isProvError(err)) return err;
  const e = (err ?? {}) as HttpLikeError;
  const status = typeof e.status === 'number' ? e.status : 0;
  if (status >= 400 && status < 500) {
    const type = typeof e.type === 'string' ? e.type : '';
    if (type === 'entity.too.large') return bodyInvalid(`it is larger than ${bodyLimitText}`);
    if (type === 'entity.parse.failed') return bodyInvalid('it cannot be parsed');
    if (type.startsWith('entity.') || type.startsWith('request.') || type.endsWith('.unsupported')) {
      return bodyInvalid(typeof e.message === 'string' ? e.message : type);
    }
    // e.g. a malformed %-escape in a path parameter (the router answers 400 with no type).
    return validationError([{ field: '(path)', message: 'has a malformed %-escape' }]);
  }
  return new ProvError('PROV_ERR_INTERNAL', [], { cause: err });
}

function bodyInvalid(reason: string): ProvError {
  return new ProvError('PROV_ERR_BODY_INVALID', [reason], { errors: [{ field: '(body)', message: reason }] });
}

/** What is logged for an unexpected error: name, message, stack (never the request). */
function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
