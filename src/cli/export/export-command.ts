/**
 * @module `provd export [file] [--format csv|json] [--with-secrets]`: every user with its phones,
 * in the shape `provd import` reads back (PortSIP's bulk-import CSV with a `phones` JSON column,
 * or a JSON array), so export -> edit -> import is a round trip. Only client-settable fields are
 * written (no ids, timestamps, tokens). Secrets (user password, extension password, voicemail
 * PIN, phone web and door passwords) only with `--with-secrets`, which needs a SystemAdmin token
 * (the API's `with_secrets=true`).
 */
import { writeFileSync } from 'node:fs';
import { PHONE_FIELDS } from '../../domain/phone.js';
import { USER_FIELDS } from '../../domain/user.js';
import { SETTING_MASK } from '../../settings/mask.js';
import { listAll, type ApiClient } from '../client/api-client.js';
import type { CommandIo } from '../client/io.js';
import { csvLine } from './csv-write.js';

export interface ExportOptions {
  readonly format?: string;
  readonly withSecrets?: boolean;
}

type Row = Record<string, unknown>;

/** Writes the export to `file` (mode 0600 when it holds secrets), or to stdout without one. */
export async function exportCommand(client: ApiClient, io: CommandIo, file: string | undefined, options: ExportOptions): Promise<number> {
  const query = options.withSecrets ? { with_secrets: 'true' } : {};
  const [users, phones] = await Promise.all([listAll<Row>(client, '/users', query), listAll<Row>(client, '/phones', query)]);
  const byUser = new Map<unknown, Row[]>();
  for (const p of phones) byUser.set(p.user_id, [...(byUser.get(p.user_id) ?? []), pick(p, PHONE_FIELDS, { mac: colonMac(String(p.mac)), ...unmaskedSettings(p) })]);
  const records = users.map((u) => ({ ...pick(u, USER_FIELDS), phones: byUser.get(u.id) ?? [] }));
  const format = options.format ?? (file?.toLowerCase().endsWith('.json') ? 'json' : 'csv');
  const text = format === 'json' ? `${JSON.stringify(records, null, 2)}\n` : toCsv(records);
  if (file === undefined) io.out(text);
  else writeFileSync(file, text, { mode: options.withSecrets ? 0o600 : 0o644 });
  io.err(`exported ${users.length} users and ${phones.length} phones${options.withSecrets ? ' with their secrets' : ''}${file ? ` to ${file}` : ''}\n`);
  return 0;
}

// --- internal ---

/** The header is every user field some user has (in schema order), then `phones`. */
function toCsv(records: readonly Row[]): string {
  const columns = USER_FIELDS.filter((f) => records.some((r) => r[f] !== undefined));
  return [csvLine([...columns, 'phones']), ...records.map((r) => csvLine([...columns.map((c) => r[c]), r.phones]))].join('');
}

function pick(record: Row, fields: readonly string[], overrides: Row = {}): Row {
  const out: Row = {};
  for (const f of fields) {
    const value = Object.hasOwn(overrides, f) ? overrides[f] : record[f];
    if (value !== undefined && value !== null) out[f] = value;
  }
  return out;
}

/**
 * A phone's settings without the values answered masked (secret-looking keys, without
 * `--with-secrets`): like the other secrets they are left out, so an import neither refuses the
 * mask (a new phone) nor overwrites a stored value (an update merges key by key).
 */
function unmaskedSettings(phone: Row): Row {
  if (phone.settings === null || typeof phone.settings !== 'object') return {};
  const kept = Object.entries(phone.settings as Record<string, unknown>).filter(([, v]) => v !== SETTING_MASK);
  return kept.length === 0 ? { settings: undefined } : { settings: Object.fromEntries(kept) };
}

/** PortSIP's MAC spelling in its import files. @example colonMac('001565aabbcc') === '00:15:65:aa:bb:cc' */
function colonMac(mac: string): string {
  return mac.match(/../g)?.join(':') ?? mac;
}
