/**
 * @module Which fields of which record are sealed: data, one table per record kind. A new secret
 * (RPS credentials) is a new entry here, or in the domain's secret lists this table reuses.
 */
import { PHONE_SECRETS, type Phone } from '../domain/phone.js';
import { USER_SECRETS, type User } from '../domain/user.js';

/** The kinds of record holding secrets, as the AAD names them (`user:<id>:<field>`). */
export const RECORD_KINDS = ['user', 'phone'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The record type of each kind. */
export interface RecordTypes {
  readonly user: User;
  readonly phone: Phone;
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
};

/**
 * The field of a kind that is looked up by value (a phone asks for `/<token>/...`): a store
 * indexes its keyed hash, never the value (see RecordCodec.tokenLookupKeys).
 */
export const INDEXED_FIELD: { readonly [K in RecordKind]?: FieldOf<K> } = { user: 'provision_token' };

/** The additional authenticated data binding a sealed value to its record and field. */
export function sealedValueAad(kind: RecordKind, id: string, field: string): string {
  return `${kind}:${id}:${field}`;
}
