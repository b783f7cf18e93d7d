/**
 * @module Writes one planned row through the API: the user (PATCH when matched by name, else
 * POST), then its phones in order (PATCH when matched by MAC, else POST); a user or phone the
 * file does not change is not written at all (no update time, no redirect-service job). An error answer of the
 * API becomes the row's issues, named by field (`phones[0].model`); a failure to reach the API
 * is thrown (the import cannot go on).
 */
import type { FieldError } from '../../errors.js';
import { ApiAnswerError, type ApiClient } from '../client/api-client.js';
import type { PlannedRow } from './plan.js';

/** What writing a row did. */
export interface RowOutcome {
  /** What happened to the user: written as a new one, as an update, or not at all (failed). */
  readonly user: 'created' | 'updated' | 'unchanged' | 'failed';
  readonly phonesCreated: number;
  readonly phonesUpdated: number;
  readonly phonesUnchanged: number;
  /** Empty when every write succeeded. */
  readonly issues: readonly FieldError[];
}

export async function applyRow(client: ApiClient, planned: PlannedRow): Promise<RowOutcome> {
  let userId = planned.userId;
  const user = planned.userId === undefined ? 'created' : planned.userUnchanged ? 'unchanged' : 'updated';
  const counts = { phonesCreated: 0, phonesUpdated: 0, phonesUnchanged: 0 };
  try {
    if (userId === undefined) userId = (await client.send<{ id: string }>('POST', '/users', planned.row.user)).id;
    else if (!planned.userUnchanged) await client.send('PATCH', `/users/${enc(userId)}`, planned.row.user);
  } catch (err) {
    return { user: 'failed', ...counts, issues: issuesOf(err, '') };
  }
  for (const phone of planned.phones) {
    try {
      if (phone.id === undefined) {
        await client.send('POST', `/users/${enc(userId)}/phones`, phone.body);
        counts.phonesCreated++;
      } else if (phone.unchanged) counts.phonesUnchanged++;
      else {
        await client.send('PATCH', `/users/${enc(userId)}/phones/${enc(phone.id)}`, phone.body);
        counts.phonesUpdated++;
      }
    } catch (err) {
      return { user, ...counts, issues: issuesOf(err, `phones[${phone.index}].`) };
    }
  }
  return { user, ...counts, issues: [] };
}

// --- internal ---

const enc = encodeURIComponent;

function issuesOf(err: unknown, prefix: string): FieldError[] {
  if (!(err instanceof ApiAnswerError)) throw err;
  if (err.errors.length === 0) return [{ field: prefix.replace(/\.$/, '') || '(user)', message: `${err.apiCode}: ${err.apiMessage}` }];
  return err.errors.map((e) => ({ field: `${prefix}${e.field}`, message: `${e.message} (${err.apiCode})` }));
}
