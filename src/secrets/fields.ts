/**
 * @module Which fields of which record are sealed: data, one table per record kind. A new secret
 * is a new entry here, or in the secret lists this table reuses (domain, RPS accounts).
 */
import { PHONE_SECRETS, type Phone } from '../domain/phone.js';
import { USER_SECRETS, type User } from '../domain/user.js';
import { RPS_ACCOUNT_SECRETS, type RpsAccountRecord } from '../store/rps-types.js';

/**
 * The kinds of record holding secrets, as the AAD names them (`user:<id>`). `rps_account`: a
 * vendor's redirect-service account, id = the vendor.
 */
export const RECORD_KINDS = ['user', 'phone', 'rps_account'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The record type of each kind. */
export interface RecordTypes {
  readonly user: User;
  readonly phone: Phone;
  readonly rps_account: RpsAccountRecord;
}

/** A top-level string field of the record of kind K. */
type FieldOf<K extends RecordKind> = keyof RecordTypes[K] & string;

/**
 * Fields sealed in each kind: the secrets the API never shows (domain lists) plus the folder
 * token, which the API shows but a dump must not. Top-level string fields only; an absent field
 * stays absent. Every other field stays plain, so stores filter, sort and search as before.
 */
export const SECRET_FIELDS: { readonly [K in RecordKind]: readonly FieldOf<K>[] } = {
  user: [...USER_SECRETS, 'provision_token'],
  phone: [...PHONE_SECRETS],
  rps_account: [...RPS_ACCOUNT_SECRETS],
};

const SECRET_SETS: { readonly [K in RecordKind]: ReadonlySet<string> } = {
  user: new Set(SECRET_FIELDS.user),
  phone: new Set(SECRET_FIELDS.phone),
  rps_account: new Set(SECRET_FIELDS.rps_account),
};

/** True when `field` is one of SECRET_FIELDS[kind] (a set lookup: the codec asks for every field). */
export function isSecretField(kind: RecordKind, field: string): boolean {
  return SECRET_SETS[kind].has(field);
}

/**
 * The field of a kind that is looked up by value (a phone asks for `/<token>/...`): a store
 * indexes its keyed hash, never the value (see RecordCodec.tokenLookupKeys).
 */
export const INDEXED_FIELD: { readonly [K in RecordKind]?: FieldOf<K> } = { user: 'provision_token' };

/**
 * The field of a stored doc holding the record's sealed secrets (format v2), in place of the
 * secret fields themselves. `$` keeps it apart from every domain field name.
 */
export const SEALED_FIELD = '$sealed';

/**
 * The additional authenticated data binding a record's sealed secrets (v2) to its record. Ids are
 * UUIDs (no `:`), so it never equals a v1 value's AAD below.
 */
export function sealedRecordAad(kind: RecordKind, id: string): string {
  return `${kind}:${id}`;
}

/** The additional authenticated data of a secret field sealed on its own (v1, read only). */
export function sealedValueAad(kind: RecordKind, id: string, field: string): string {
  return `${kind}:${id}:${field}`;
}
