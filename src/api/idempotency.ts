/**
 * @module Idempotency-Key on creates (`POST /api/users`, `POST /api/users/{id}/phones`): the
 * header, the request's fingerprint, and the check of a retry's secrets.
 *
 * The fingerprint is a SHA-256 of where the create goes and its body with every secret value
 * left out (only its presence counts): the store keeps fingerprints, and a hash over a body with
 * a SIP password in it would let whoever reads a dump test guesses of that password. A retry's
 * secrets are compared with the record created instead (which holds them anyway).
 */
import { createHash } from 'node:crypto';
import { validationError } from '../errors.js';
import type { IdempotencyClaim } from '../store/types.js';

/** Header name (case-insensitive in HTTP). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** The header as the OpenAPI document lists it on the creates that read it. */
export const IDEMPOTENCY_HEADER_DOC = {
  [IDEMPOTENCY_HEADER]: 'Makes a retried create safe: within 24 h the same key and request create nothing more and answer what the first created; the same key with another request is 422. 1-255 printable ASCII characters (a UUID).',
} as const;
// Printable ASCII without spaces, as the IETF draft's examples and common clients use (UUIDs).
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The header's value, or undefined when absent.
 * @throws ProvError PROV_ERR_VALIDATION naming the header when it is empty, too long or not printable ASCII.
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw validationError([{ field: IDEMPOTENCY_HEADER, message: 'must be 1-255 printable ASCII characters without spaces, sent once' }]);
  }
  return header;
}

/** The claim of a create under `key` (none without a key): `scope` names where it goes, e.g. `users`. */
export function claimOf(key: string | undefined, scope: string, body: Record<string, unknown>, secrets: readonly string[]): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  const shown = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, secrets.includes(k) && v !== undefined ? '(secret)' : v]));
  return { key, fingerprint: createHash('sha256').update(canonicalJson({ scope, body: shown })).digest('hex') };
}

/** True when every secret the retry sent equals the created record's (what the fingerprint could not cover). */
export function sameSecrets(sent: Record<string, unknown>, created: object, secrets: readonly string[]): boolean {
  return secrets.every((k) => sent[k] === undefined || sent[k] === (created as Record<string, unknown>)[k]);
}

// --- internal ---

/** JSON with object keys sorted at every level, so key order does not change the fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
