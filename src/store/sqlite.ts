/**
 * @module The SQLite store (better-sqlite3): the embedded, durable default for a single box.
 * Behaves exactly like memory.ts; every write is one transaction and its events are emitted
 * after the commit. Calls are synchronous underneath (better-sqlite3), wrapped in promises.
 */
import { DEFAULT_NETWORK, type Network } from '../domain/network.js';
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { ProvError } from '../errors.js';
import { createEmitter } from './emitter.js';
import { parseDoc } from './doc.js';
import { mapSqliteError, phoneFromRow, type PhoneRow, type WriteContext } from './sqlite-errors.js';
import { openSqlite } from './sqlite-schema.js';
import { createListRunner, PHONES, prepareStatements, USERS } from './sqlite-statements.js';
import type { Page, Store, StoredPhone, StoreEvent } from './types.js';

export interface SqliteStoreOptions {
  /** Database file, e.g. `<dataDir>/provd.sqlite`; its directory is created when missing. */
  readonly file: string;
}

/**
 * Opens (creating and migrating as needed) a SQLite store.
 * @throws ProvError PROV_ERR_STORE_UNAVAILABLE when the file cannot be opened.
 */
export function createSqliteStore({ file }: SqliteStoreOptions): Store {
  const db = openSqlite(file);
  const st = prepareStatements(db);
  const events = createEmitter();
  const list = createListRunner(db);

  /** Runs synchronous driver work, mapping driver errors to ProvErrors. */
  const run = <T>(work: () => T, ctx?: WriteContext): T => {
    try {
      return work();
    } catch (err) {
      throw mapSqliteError(err, ctx);
    }
  };
  const userCtx = (u: User): WriteContext => ({ extension: u.extension_number, name: u.name });
  const phoneCtx = (p: Phone): WriteContext => ({ mac: p.mac, userId: p.user_id });
  const emitAll = (all: readonly StoreEvent[]) => all.forEach((e) => events.emit(e));
  const phoneEvent = (p: { id: string; mac: string; user_id: string }): StoreEvent => ({ kind: 'phone', id: p.id, mac: p.mac as Phone['mac'], user_id: p.user_id });

  // Same checks, in the same order, as memory.ts; the UNIQUE/FOREIGN KEY constraints back them up.
  const checkUser = (u: User) => {
    const ext = st.userIdByExtension.get(u.extension_number);
    if (ext && ext.id !== u.id) throw new ProvError('PROV_ERR_EXTENSION_TAKEN', [u.extension_number]);
    const name = st.userIdByName.get(u.name.toLowerCase());
    if (name && name.id !== u.id) throw new ProvError('PROV_ERR_USER_NAME_TAKEN', [u.name]);
  };
  const checkPhone = (p: Phone) => {
    if (!st.userExists.get(p.user_id)) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [p.user_id]);
    const other = st.phoneIdByMac.get(p.mac);
    if (other && other.id !== p.id) throw new ProvError('PROV_ERR_MAC_TAKEN', [p.mac]);
  };
  const userParams = (u: User) => [u.name.toLowerCase(), u.extension_number, u.provision_token, u.created_at, JSON.stringify(u), u.id];
  const phoneParams = (p: Phone) => [p.user_id, p.mac, p.created_at, JSON.stringify(p), p.id];

  const insertUser = db.transaction((u: User) => {
    checkUser(u);
    st.insertUser.run(...userParams(u));
  });
  const replaceUser = db.transaction((u: User) => {
    if (!st.userExists.get(u.id)) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [u.id]);
    checkUser(u);
    st.updateUser.run(...userParams(u));
  });
  const deleteUser = db.transaction((id: string): Phone[] | undefined => {
    if (!st.userExists.get(id)) return undefined;
    const phones = st.phonesOfUser.all(id).map((r) => parseDoc<Phone>(r.doc, `phone of user ${id}`));
    st.deleteUser.run(id); // ON DELETE CASCADE removes the phones in the same transaction
    return phones;
  });
  const insertPhone = db.transaction((p: Phone) => {
    checkPhone(p);
    st.insertPhone.run(...phoneParams(p));
  });
  const replacePhone = db.transaction((p: Phone) => {
    const old = st.phoneKeys.get(p.id);
    if (!old) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [p.id]);
    checkPhone(p);
    st.updatePhone.run(...phoneParams(p));
    return old;
  });
  const deletePhone = db.transaction((id: string): Phone | undefined => {
    const row = st.phoneDoc.get(id);
    if (!row) return undefined;
    const phone = parseDoc<Phone>(row.doc, `phone ${id}`);
    st.deletePhone.run(id);
    return phone;
  });

  return {
    kind: 'sqlite',
    async insertUser(user) {
      run(() => insertUser(user), userCtx(user));
      events.emit({ kind: 'user', id: user.id });
    },
    async replaceUser(user) {
      run(() => replaceUser(user), userCtx(user));
      events.emit({ kind: 'user', id: user.id });
    },
    async deleteUser(id) {
      const removed = run(() => deleteUser(id));
      if (!removed) return undefined;
      emitAll([...removed.map(phoneEvent), { kind: 'user', id }]);
      return removed;
    },
    async getUser(id) {
      const row = run(() => st.userDoc.get(id));
      return row && parseDoc<User>(row.doc, `user ${id}`);
    },
    async getUserByToken(token) {
      const row = run(() => st.userDocByToken.get(token));
      return row && parseDoc<User>(row.doc, 'user by token');
    },
    async listUsers(query) {
      const page = run(() => list<{ doc: string }>(query, USERS));
      return { count: page.count, items: page.rows.map((r) => parseDoc<User>(r.doc, 'user')) };
    },
    async insertPhone(phone) {
      run(() => insertPhone(phone), phoneCtx(phone));
      events.emit(phoneEvent(phone));
    },
    async replacePhone(phone) {
      const old = run(() => replacePhone(phone), phoneCtx(phone));
      emitAll(old.mac !== phone.mac ? [phoneEvent({ ...old, id: phone.id }), phoneEvent(phone)] : [phoneEvent(phone)]);
    },
    async deletePhone(id) {
      const phone = run(() => deletePhone(id));
      if (phone) events.emit(phoneEvent(phone));
      return phone;
    },
    async getPhone(id) {
      const row = run(() => st.phoneById.get(id));
      return row && phoneFromRow(row, `phone ${id}`);
    },
    async getPhoneByMac(mac) {
      const row = run(() => st.phoneByMac.get(mac));
      return row && phoneFromRow(row, `phone ${mac}`);
    },
    async listPhones(query, userId): Promise<Page<StoredPhone>> {
      const page = run(() => list<PhoneRow>(query, PHONES, userId));
      return { count: page.count, items: page.rows.map((r) => phoneFromRow(r, 'phone')) };
    },
    async recordSighting(mac, s) {
      run(() => st.upsertSighting.run(mac, s.at, s.ip, s.user_agent));
    },
    async getNetwork() {
      const row = run(() => st.networkDoc.get());
      return row ? parseDoc<Network>(row.doc, 'network') : structuredClone(DEFAULT_NETWORK);
    },
    async putNetwork(network) {
      run(() => st.putNetwork.run(JSON.stringify(network)));
      events.emit({ kind: 'network' });
    },
    subscribe: events.subscribe,
    async close() {
      events.clear();
      if (db.open) db.close();
    },
  };
}
