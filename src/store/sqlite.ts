/**
 * @module The SQLite store (better-sqlite3): the embedded, durable default for a single box.
 * Behaves exactly like memory.ts; every write is one transaction (RPS marks included) and its
 * events are emitted after the commit. Calls are synchronous underneath (better-sqlite3), wrapped in promises.
 */
import type { Mac } from '../domain/mac.js';
import { DEFAULT_NETWORK, type Network } from '../domain/network.js';
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { decodeRecord, PLAIN_CODEC, type RecordCodec } from './codec.js';
import { parseDoc } from './doc.js';
import { createEmitter } from './emitter.js';
import { TARGET, updateOptimistically } from './optimistic.js';
import { mapSqliteError, phoneFromRow, type PhoneRow, type WriteContext } from './sqlite-errors.js';
import { openSqlite } from './sqlite-schema.js';
import { createSqliteRps } from './sqlite-rps.js';
import { prepareRpsMarks } from './sqlite-rps-marks.js';
import { createSqliteRecords } from './sqlite-sealed.js';
import { createSqliteTemplates } from './sqlite-templates.js';
import { createListRunner, PHONES, prepareStatements, USERS } from './sqlite-statements.js';
import { createSqliteWrites } from './sqlite-writes.js';
import type { Page, SealedStore, StoredPhone, StoreEvent, StoreNotice } from './types.js';

export interface SqliteStoreOptions {
  /** Database file, e.g. `<dataDir>/provd.sqlite`; its directory is created when missing. */
  readonly file: string;
  /** Seals and opens the secret fields of users and phones (default: stored plain). */
  readonly codec?: RecordCodec;
  /** What migrations changed, for the server log (default: dropped). */
  readonly notice?: StoreNotice;
}

/**
 * Opens (creating and migrating as needed) a SQLite store; records an older version stored
 * plain or sealed field by field are re-sealed with `codec` before this returns (schema steps 7, 8).
 * @throws ProvError PROV_ERR_STORE_UNAVAILABLE when the file cannot be opened.
 */
export function createSqliteStore({ file, codec = PLAIN_CODEC, notice = () => {} }: SqliteStoreOptions): SealedStore {
  const db = openSqlite(file, { notice, codec });
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

  const user = (doc: string, what: string) => decodeRecord<User>(codec, 'user', doc, what);
  const phone = (doc: string, what: string) => decodeRecord<Phone>(codec, 'phone', doc, what);
  const storedPhone = (row: PhoneRow, what: string) => phoneFromRow(row, phone(row.doc, what));
  const marks = prepareRpsMarks(db);
  const w = createSqliteWrites(db, st, codec, phone, marks);
  /** The stored text of a record and the record, for an update. */
  const stampedDoc = <T>(row: { doc: string } | undefined, decode: (doc: string) => T) => (row ? { record: decode(row.doc), stamp: row.doc } : undefined);

  return {
    kind: 'sqlite',
    async insertUser(user, claim) {
      const outcome = run(() => w.insertUser(user, claim), userCtx(user));
      if (outcome.created) events.emit({ kind: 'user', id: user.id });
      return outcome;
    },
    updateUser: (id, change) =>
      updateOptimistically(
        {
          ...TARGET.user(id),
          read: async () => stampedDoc(run(() => st.userDoc.get(id)), (d) => user(d, `user ${id}`)),
          write: async (next, stamp) => {
            const written = run(() => w.updateUser(id, next, stamp), userCtx(next));
            if (written) events.emit({ kind: 'user', id });
            return written;
          },
        },
        change
      ),
    async deleteUser(id) {
      const deleted = run(() => w.deleteUser(id));
      if (!deleted) return undefined;
      emitAll([...deleted.removed.map(phoneEvent), ...deleted.updated.map(phoneEvent), { kind: 'user', id }]);
      return deleted.removed;
    },
    async getUser(id) {
      const row = run(() => st.userDoc.get(id));
      return row && user(row.doc, `user ${id}`);
    },
    async getUserByToken(token) {
      // One indexed lookup per key held (one outside a rotation); the index never holds the token.
      for (const key of codec.tokenLookupKeys(token)) {
        const row = run(() => st.userDocByToken.get(key));
        if (row) return user(row.doc, 'user by token');
      }
      return undefined;
    },
    async listUsers(query) {
      const page = run(() => list<{ doc: string }>(query, USERS));
      return { count: page.count, items: page.rows.map((r) => user(r.doc, 'user')) };
    },
    async insertPhone(p, claim) {
      const outcome = run(() => w.insertPhone(p, claim), phoneCtx(p));
      if (outcome.created) events.emit(phoneEvent(p));
      return outcome;
    },
    updatePhone: (id, change) =>
      updateOptimistically(
        {
          ...TARGET.phone(id),
          read: async () => stampedDoc(run(() => st.phoneDoc.get(id)), (d) => phone(d, `phone ${id}`)),
          write: async (next, stamp) => {
            if (!run(() => w.updatePhone(id, next, stamp), phoneCtx(next))) return false;
            const old = phone(stamp, `phone ${id}`);
            emitAll(old.mac !== next.mac ? [phoneEvent(old), phoneEvent(next)] : [phoneEvent(next)]);
            return true;
          },
        },
        change
      ),
    async deletePhone(id) {
      const deleted = run(() => w.deletePhone(id));
      if (deleted) events.emit(phoneEvent(deleted));
      return deleted;
    },
    async getPhone(id) {
      const row = run(() => st.phoneById.get(id));
      return row && storedPhone(row, `phone ${id}`);
    },
    async getPhoneByMac(mac) {
      const row = run(() => st.phoneByMac.get(mac));
      return row && storedPhone(row, `phone ${mac}`);
    },
    async phoneMacsOfUser(userId) {
      return run(() => st.macsOfUser.all(userId)).map((r) => r.mac as Mac);
    },
    async lineMacsOfUser(userId) {
      return run(() => st.lineMacsOfUser.all(userId)).map((r) => r.mac as Mac);
    },
    async listPhones(query, userId): Promise<Page<StoredPhone>> {
      const page = run(() => list<PhoneRow>(query, PHONES, userId));
      return { count: page.count, items: page.rows.map((r) => storedPhone(r, 'phone')) };
    },
    async recordSighting(mac, s) {
      run(() => st.upsertSighting.run(mac, s.at, s.ip, s.user_agent));
    },
    async getNetwork() {
      const row = run(() => st.networkDoc.get());
      return row ? parseDoc<Network>(row.doc, 'network') : structuredClone(DEFAULT_NETWORK);
    },
    async putNetwork(network) {
      run(() => w.putNetwork(network));
      events.emit({ kind: 'network' });
    },
    updateNetwork: (change) =>
      updateOptimistically(
        {
          ...TARGET.network(),
          read: async () => {
            const doc = run(() => st.networkDoc.get())?.doc ?? null;
            const record = doc === null ? structuredClone(DEFAULT_NETWORK) : parseDoc<Network>(doc, 'network');
            return { record, stamp: doc };
          },
          write: async (next, stamp) => {
            const written = run(() => w.updateNetwork(next, stamp));
            if (written) events.emit({ kind: 'network' });
            return written;
          },
        },
        change
      ),
    async claimEpoch(candidate) {
      return run(() => w.claimEpoch(candidate));
    },
    async readEpoch() {
      return run(() => st.epoch.get())?.value;
    },
    ...createSqliteRps(db, w.fenced, codec, marks, run),
    ...createSqliteTemplates(db, w.fenced, run, events.emit),
    async announce(event) {
      events.emit({ ...event });
    },
    subscribe: events.subscribe,
    async close() {
      events.clear();
      if (db.open) db.close();
    },
    sealedRecords: createSqliteRecords(db, notice),
  };
}
