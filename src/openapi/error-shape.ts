/**
 * @module The error body every admin API error has (src/api/error-handler.ts writes it), as a
 * schema whose `code` is the PROV_ERR_* registry itself, and the errors each kind of operation
 * may answer whatever it does.
 */
import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../errors.js';
import type { DocAccess, OperationDoc } from './types.js';

/** `{ code, message, errors: [{ field, message }] }`; `errors` names each bad field of a 400. */
export const ErrorBodySchema = z
  .object({
    code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]).describe('A PROV_ERR_* code (README "Error codes").'),
    message: z.string().describe('A human message naming what was wrong; never a secret.'),
    errors: z
      .array(z.object({ field: z.string().describe('Path of the field, e.g. `codecs.2`, `(body)`, `filter`.'), message: z.string() }))
      .describe('One entry per bad field (validation); empty otherwise.'),
  })
  .meta({ title: 'Error' });

/** The codes an operation may answer: its own plus those implied by its access, body, query and path. */
export function errorCodesOf(path: string, access: DocAccess, doc: OperationDoc): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (access !== 'public') codes.add('PROV_ERR_UNAUTHORIZED').add('PROV_ERR_FORBIDDEN');
  if (doc.body) codes.add('PROV_ERR_VALIDATION').add('PROV_ERR_BODY_INVALID');
  if (doc.query) codes.add('PROV_ERR_VALIDATION');
  if (doc.list) codes.add('PROV_ERR_QUERY_INVALID');
  if (/:mac\b/.test(path)) codes.add('PROV_ERR_MAC_INVALID');
  for (const code of doc.errors ?? []) codes.add(code);
  return [...codes];
}

/** `codes` grouped by HTTP status, in registry order. */
export function byStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const groups = new Map<number, ErrorCode[]>();
  for (const code of Object.keys(ERRORS) as ErrorCode[]) {
    if (!codes.includes(code)) continue;
    const status = ERRORS[code].status;
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}
