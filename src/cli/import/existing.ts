/**
 * @module What the server holds already, read through the API before an import: users by name
 * (compared on userNameKey, as the server does) and by extension, phones by MAC, and the vendors
 * with their models and template file names. An import matches its rows against it, so running
 * the same file twice updates instead of duplicating.
 */
import type { Mac } from '../../domain/mac.js';
import { userNameKey } from '../../domain/user-name.js';
import { ApiAnswerError, listAll, type ApiClient } from '../client/api-client.js';

export interface ExistingUser {
  readonly id: string;
  readonly name: string;
  /** The user as listed (with its secrets when the token may read them). */
  readonly record: Readonly<Record<string, unknown>>;
}

export interface ExistingPhone {
  readonly id: string;
  readonly user_id: string;
  readonly record: Readonly<Record<string, unknown>>;
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
  readonly phonesByMac: Map<Mac, ExistingPhone>;
  readonly vendors: ReadonlyMap<string, ExistingVendor>;
}

/**
 * Reads every user, phone and vendor (pages of 1,000, the lists at once). With a SystemAdmin
 * token the records carry their secrets, so a row that changes nothing is seen to (and skipped);
 * another role reads them without, and rows naming a secret are always written.
 */
export async function loadExisting(client: ApiClient): Promise<ExistingData> {
  const [users, phones, vendors] = await Promise.all([
    listWithSecrets<{ id: string; name: string; extension_number: string }>(client, '/users'),
    listWithSecrets<{ id: string; user_id: string; mac: Mac }>(client, '/phones'),
    client.get<{ items: { id: string; models: { model: string; filename: string }[] }[] }>('/vendors'),
  ]);
  return {
    usersByKey: new Map(users.map((u) => [userNameKey(u.name), { id: u.id, name: u.name, record: u }])),
    extensions: new Map(users.map((u) => [u.extension_number, u.id])),
    phonesByMac: new Map(phones.map((p) => [p.mac, { id: p.id, user_id: p.user_id, record: p }])),
    vendors: new Map(
      vendors.items.map((v) => [v.id, { models: new Map(v.models.map((m) => [m.model.toLowerCase(), m.model])), filenames: new Set(v.models.map((m) => m.filename)) }])
    ),
  };
}

// --- internal ---

async function listWithSecrets<T>(client: ApiClient, path: string): Promise<T[]> {
  try {
    return await listAll<T>(client, path, { with_secrets: 'true' });
  } catch (err) {
    if (err instanceof ApiAnswerError && err.apiStatus === 403) return listAll<T>(client, path);
    throw err;
  }
}
