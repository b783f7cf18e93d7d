/**
 * @module How the RPS life cycle meets the stored records, for the backends written in JavaScript
 * (memory, sqlite; redis-rps-lua.ts says the same in Lua): which MACs a phone write marks and
 * with what release, the `rps_*` fields of a phone read, the outcome a mark leaves, and an
 * account as its sealed record.
 */
import type { Mac } from '../domain/mac.js';
import type { RpsAccount, RpsAccountRecord, RpsOutcome, RpsPhoneFields, RpsRelease } from './rps-types.js';

/**
 * Whether a network update may change what the redirect services hold: host and ports are in
 * every provisioning URL, so any change marks every `rps: true` phone, except one that touches
 * only the admin settings kept in the same record (`vendor_settings`, which no URL carries): a
 * vendor-wide or model settings edit must not re-register every phone at its vendor's cloud.
 * `before` is the stored document (null: none stored yet).
 */
export function networkUpdateMovesUrls(before: string | null, after: object): boolean {
  if (before === null) return true;
  const { vendor_settings: _old, ...was } = JSON.parse(before) as Record<string, unknown>;
  const { vendor_settings: _new, ...now } = after as Record<string, unknown>;
  return JSON.stringify(was) !== JSON.stringify(now);
}

/** One MAC a write marks, with the release of the phone that left it, if one did. */
export interface RpsMark {
  readonly mac: Mac;
  readonly release?: RpsRelease;
}

/** The parts of a phone (plain fields, the same in its sealed doc) the marking rules read. */
export interface RpsPhoneFacts {
  readonly mac: Mac;
  readonly vendor: string;
  readonly rps?: boolean;
  readonly serial_number?: string;
}

/**
 * The marks of a phone write from `before` to `after` (undefined: inserted / deleted). A phone
 * with `rps: true` before marks its old MAC, with a release when it leaves it (deleted,
 * `rps: false`, another MAC, another vendor); one with `rps: true` after marks its new MAC.
 * @example phoneWriteMarks({ mac: a, vendor: 'snom', rps: true }, { mac: b, vendor: 'snom', rps: true })
 *   // => [{ mac: a, release: { vendor: 'snom' } }, { mac: b }]
 */
export function phoneWriteMarks(before: RpsPhoneFacts | undefined, after: RpsPhoneFacts | undefined): RpsMark[] {
  const marks: RpsMark[] = [];
  const was = before?.rps === true ? before : undefined;
  if (was) {
    const leaves = after?.rps !== true || after.mac !== was.mac || after.vendor !== was.vendor;
    marks.push(leaves ? { mac: was.mac, release: releaseOf(was) } : { mac: was.mac });
  }
  if (after?.rps === true && after.mac !== was?.mac) marks.push({ mac: after.mac });
  return marks;
}

/** The marks of phones that all stay (user updated, network changed): each one with `rps: true`. */
export function stayingMarks(phones: Iterable<RpsPhoneFacts>): RpsMark[] {
  return [...phones].filter((p) => p.rps === true).map((p) => ({ mac: p.mac }));
}

/** What unregistering `phone` needs once it has left. */
export function releaseOf(phone: RpsPhoneFacts): RpsRelease {
  return phone.serial_number === undefined ? { vendor: phone.vendor } : { vendor: phone.vendor, serial_number: phone.serial_number };
}

/** The outcome a mark leaves at `now` (ms): `pending`, the URL the service holds kept. */
export function pendingOutcome(previous: RpsOutcome | undefined, now: number): RpsOutcome {
  const base = { status: 'pending', message: '', updated_at: new Date(now).toISOString() } as const;
  return previous?.url === undefined ? base : { ...base, url: previous.url };
}

/** The `rps_*` fields of a phone whose MAC has `outcome` (or none). */
export function rpsFieldsOf(outcome: Pick<RpsOutcome, 'status' | 'message' | 'updated_at'> | undefined): RpsPhoneFields {
  return outcome ? { rps_status: outcome.status, rps_message: outcome.message, rps_updated_at: outcome.updated_at } : { rps_status: 'disabled', rps_message: '' };
}

/** An account as its sealed record (id = vendor). */
export function accountRecord(account: RpsAccount): RpsAccountRecord {
  return { ...account, id: account.vendor };
}

/** The account of a record read back (its `id` dropped). */
export function accountOf(record: RpsAccountRecord): RpsAccount {
  const { id: _id, ...account } = record;
  return account;
}
