/**
 * @module What a route says about itself for the OpenAPI document: the documentation half of an
 * operation (src/api/routing.ts `route()` takes it together with the handler, so an operation
 * cannot exist without it). Shapes are the zod schemas that validate or build the data.
 */
import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import type { QueryableFields } from '../store/query.js';

/** One answer of an operation other than an error (errors are listed by code in `errors`). */
export interface ResponseDoc {
  readonly description: string;
  /** The JSON body's shape (its output side); absent: no body (204) or see `content`. */
  readonly schema?: z.ZodType;
  /** Non-JSON bodies: media type -> description of the bytes (e.g. `image/png`, `application/x-pem-file`). */
  readonly content?: Readonly<Record<string, string>>;
  /** Response headers worth knowing: name -> description. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The documentation of one operation (one method of one path). */
export interface OperationDoc {
  /** One line, imperative or nominal: "List users", "Create a phone for a user". */
  readonly summary: string;
  /** Contracts and rules beyond the schemas (Markdown). */
  readonly description?: string;
  /** Groups in the reference page; default: the path's first segment. */
  readonly tags?: readonly string[];
  /** The JSON request body (its input side); it is optional when `bodyOptional` is true. */
  readonly body?: z.ZodType;
  readonly bodyOptional?: boolean;
  /** Query parameters as a zod object (e.g. the QR image options). */
  readonly query?: z.ZodObject;
  /** A list endpoint: documents `filter`, `search`, `orderby`, `skip`, `top` for these fields. */
  readonly list?: QueryableFields;
  /** Descriptions of path parameters (`:mac`, `:id`, ...) beyond the common ones. */
  readonly params?: Readonly<Record<string, string>>;
  /** Request headers the operation reads: name -> description (e.g. `Idempotency-Key`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Answers by HTTP status (2xx, 3xx). */
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /**
   * Error codes this operation may answer besides the ones every operation of its kind may
   * (401/403 for a token, 400 for a body, query or MAC, 500, 503): grouped by their status.
   */
  readonly errors?: readonly ErrorCode[];
}

/** Who may call an operation, as the document states it: roles of the bearer token, or nobody needs one. */
export type DocAccess = readonly string[] | 'public';

/** One documented path as registered on the server. */
export interface DocumentedRoute {
  /** The express path with its mount prefix, e.g. `/api/users/:id/phones`. */
  readonly path: string;
  readonly access: DocAccess;
  readonly operations: Readonly<Record<string, OperationDoc>>;
}
