/**
 * @module SQLite rows and errors to store values and ProvErrors: phone rows with their sightings
 * merged in, driver errors mapped to PROV_ERR_* codes.
 */
import type { Phone } from '../domain/phone.js';
import { ProvError } from '../errors.js';
import { rpsFieldsOf } from './rps-records.js';
import type { RpsStatus } from './rps-types.js';
import type { StoredPhone } from './types.js';

/**
 * A phone row joined with its sighting (columns NULL when the MAC was never seen) and its MAC's
 * RPS outcome (NULL when it has none).
 */
export interface PhoneRow {
  readonly doc: string;
  readonly at: string | null;
  readonly ip: string | null;
  readonly user_agent: string | null;
  readonly rps_status: RpsStatus | null;
  readonly rps_message: string | null;
  readonly rps_updated_at: string | null;
}

/** What a failing write was about, to name the value in the error message. */
export interface WriteContext {
  readonly extension?: string;
  readonly name?: string;
  readonly mac?: string;
  readonly userId?: string;
}

/** A phone as read back: its decoded document, `rps_*`, and `last_seen_*` from the row when it was seen. */
export function phoneFromRow(row: PhoneRow, phone: Phone): StoredPhone {
  const outcome = row.rps_status === null ? undefined : { status: row.rps_status, message: row.rps_message ?? '', updated_at: row.rps_updated_at ?? '' };
  const read = { ...phone, ...rpsFieldsOf(outcome) };
  if (row.at === null) return read;
  return { ...read, last_seen_at: row.at, last_seen_ip: row.ip ?? '', last_seen_user_agent: row.user_agent ?? '' };
}

/**
 * Maps a better-sqlite3 error to the contract's ProvError. The writes check uniqueness and
 * references themselves first (for a deterministic error order), so the constraint branches are
 * a safety net. A provision_token or id collision has no client-facing code (both are random
 * server-made values): PROV_ERR_INTERNAL.
 */
export function mapSqliteError(err: unknown, ctx: WriteContext = {}): unknown {
  if (err instanceof ProvError) return err;
  const code = (err as { code?: unknown }).code;
  const message = (err as Error).message ?? String(err);
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) {
    if (message.includes('database connection is not open')) return new ProvError('PROV_ERR_STORE_UNAVAILABLE', ['the store is closed'], { cause: err });
    return err;
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    if (message.includes('users.extension_number')) return new ProvError('PROV_ERR_EXTENSION_TAKEN', [ctx.extension ?? ''], { cause: err });
    if (message.includes('users.name_lc')) return new ProvError('PROV_ERR_USER_NAME_TAKEN', [ctx.name ?? ''], { cause: err });
    if (message.includes('phones.mac')) return new ProvError('PROV_ERR_MAC_TAKEN', [ctx.mac ?? ''], { cause: err });
    return new ProvError('PROV_ERR_INTERNAL', [], { cause: err });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new ProvError('PROV_ERR_USER_NOT_FOUND', [ctx.userId ?? ''], { cause: err });
  if (code.startsWith('SQLITE_CONSTRAINT')) return new ProvError('PROV_ERR_INTERNAL', [], { cause: err });
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new ProvError('PROV_ERR_STORE_CORRUPT', [message], { cause: err });
  if (/^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL)/.test(code)) {
    return new ProvError('PROV_ERR_STORE_UNAVAILABLE', [message], { cause: err });
  }
  return err;
}

/** Runs a synchronous SQLite call, answering its result or throwing its error as a ProvError (mapSqliteError). */
export function sqliteCall<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw mapSqliteError(err);
  }
}
