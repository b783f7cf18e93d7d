/**
 * @module Writes one planned row through the API: the user (PATCH when matched by name, else
 * POST), then its phones in order (PATCH when matched by MAC, else POST). An error answer of the
 * API becomes the row's issues, named by field (`phones[0].model`); a failure to reach the API
 * is thrown (the import cannot go on).
 */
import type { FieldError } from '../../errors.js';
import { ApiAnswerError, type ApiClient } from '../client/api-client.js';
import type { PlannedRow } from './plan.js';

/** What writing a row did. */
export interface RowOutcome {
  /** What happened to the user: written as a new one, as an update, or not at all (failed). */
  readonly user: 'created' | 'updated' | 'failed';
  readonly phonesCreated: number;
  readonly phonesUpdated: number;
  /** Empty when every write succeeded. */
  readonly issues: readonly FieldError[];
}

export async function applyRow(client: ApiClient, planned: PlannedRow): Promise<RowOutcome> {
  let userId = planned.userId;
  const user = planned.userId === undefined ? 'created' : 'updated';
  let created = 0;
  let updated = 0;
  try {
    if (userId === undefined) userId = (await client.send<{ id: string }>('POST', '/users', planned.row.user)).id;
    else await client.send('PATCH', `/users/${enc(userId)}`, planned.row.user);
  } catch (err) {
    return { user: 'failed', phonesCreated: 0, phonesUpdated: 0, issues: issuesOf(err, '') };
  }
  for (const phone of planned.phones) {
    try {
      if (phone.id === undefined) await client.send('POST', `/users/${enc(userId)}/phones`, phone.body);
      else await client.send('PATCH', `/users/${enc(userId)}/phones/${enc(phone.id)}`, phone.body);
      if (phone.id === undefined) created++;
      else updated++;
    } catch (err) {
      return { user, phonesCreated: created, phonesUpdated: updated, issues: issuesOf(err, `phones[${phone.index}].`) };
    }
  }
  return { user, phonesCreated: created, phonesUpdated: updated, issues: [] };
}

// --- internal ---

const enc = encodeURIComponent;

function issuesOf(err: unknown, prefix: string): FieldError[] {
  if (!(err instanceof ApiAnswerError)) throw err;
  if (err.errors.length === 0) return [{ field: prefix.replace(/\.$/, '') || '(user)', message: `${err.apiCode}: ${err.apiMessage}` }];
  return err.errors.map((e) => ({ field: `${prefix}${e.field}`, message: `${e.message} (${err.apiCode})` }));
}
