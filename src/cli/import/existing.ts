/**
 * @module What the server holds already, read through the API before an import: users by name
 * (compared on userNameKey, as the server does) and by extension, phones by MAC, and the vendors
 * with their models and template file names. An import matches its rows against it, so running
 * the same file twice updates instead of duplicating.
 */
import type { Mac } from '../../domain/mac.js';
import { userNameKey } from '../../domain/user-name.js';
import { listAll, type ApiClient } from '../client/api-client.js';

export interface ExistingUser {
  readonly id: string;
  readonly name: string;
}

export interface ExistingVendor {
  /** Lowercase model -> the vendor's spelling. */
  readonly models: ReadonlyMap<string, string>;
  readonly filenames: ReadonlySet<string>;
}

export interface ExistingData {
  readonly usersByKey: Map<string, ExistingUser>;
  /** Extension number -> id of the user holding it. */
  readonly extensions: Map<string, string>;
  /** MAC (12 lowercase hex digits) -> phone id and user id. */
  readonly phonesByMac: Map<Mac, { readonly id: string; readonly user_id: string }>;
  readonly vendors: ReadonlyMap<string, ExistingVendor>;
}

/** Reads every user, phone and vendor (pages of 1,000, three lists at once). */
export async function loadExisting(client: ApiClient): Promise<ExistingData> {
  const [users, phones, vendors] = await Promise.all([
    listAll<{ id: string; name: string; extension_number: string }>(client, '/users'),
    listAll<{ id: string; user_id: string; mac: Mac }>(client, '/phones'),
    client.get<{ items: { id: string; models: { model: string; filename: string }[] }[] }>('/vendors'),
  ]);
  return {
    usersByKey: new Map(users.map((u) => [userNameKey(u.name), { id: u.id, name: u.name }])),
    extensions: new Map(users.map((u) => [u.extension_number, u.id])),
    phonesByMac: new Map(phones.map((p) => [p.mac, { id: p.id, user_id: p.user_id }])),
    vendors: new Map(
      vendors.items.map((v) => [v.id, { models: new Map(v.models.map((m) => [m.model.toLowerCase(), m.model])), filenames: new Set(v.models.map((m) => m.filename)) }])
    ),
  };
}
