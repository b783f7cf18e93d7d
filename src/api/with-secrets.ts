/**
 * @module The `with_secrets=true` query flag of `GET /api/users`, `GET /api/phones` and
 * `GET /api/users/{id}/phones` (what `provd export --with-secrets` uses to write a file that
 * re-imports with its passwords): list items then carry their secret fields. Only a SystemAdmin
 * identity may ask; every other role gets 403 even though it may list. Without the flag (or
 * `false`) nothing changes: GET answers never hold secrets.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ProvError } from '../errors.js';
import { identityOf } from './auth.js';

/** The role that may read secrets back (the bootstrap admin token is one). */
const SECRETS_ROLE = 'SystemAdmin';

/**
 * True when the request asks for secrets and may have them.
 * @throws ProvError PROV_ERR_QUERY_INVALID (not true/false, or given twice), PROV_ERR_FORBIDDEN (not SystemAdmin)
 */
export function secretsRequested(req: Request, res: Response): boolean {
  const raw: unknown = (req.query as Record<string, unknown>).with_secrets;
  if (raw === undefined || raw === 'false') return false;
  if (raw !== 'true') {
    throw new ProvError('PROV_ERR_QUERY_INVALID', ['with_secrets: must be true or false'], { errors: [{ field: 'with_secrets', message: 'must be true or false' }] });
  }
  const identity = identityOf(res);
  if (identity.role !== SECRETS_ROLE) throw new ProvError('PROV_ERR_FORBIDDEN', [identity.role, `read secrets (with_secrets=true needs a ${SECRETS_ROLE} token)`]);
  return true;
}

/** The flag as the OpenAPI document states it (the three list operations above). */
export const WITH_SECRETS_QUERY = z.object({
  with_secrets: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true`: the items carry their secret fields (SystemAdmin only, audited as `secrets_list`; `provd export --with-secrets`).'),
});
