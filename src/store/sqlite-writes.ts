/**
 * @module The SQLite store's writes: one transaction each, with every check first (data-epoch
 * fence, idempotency key, uniqueness, references) so a refused write changes nothing. Updates are
 * conditional: they write only if the stored text is still the stamp their change was computed
 * from (optimistic.ts retries otherwise). Phone, user and network writes mark the RPS outbox in
 * their own transaction (sqlite-rps-marks.ts), after their checks.
 */
import type { Network } from '../domain/network.js';
import { withoutLineOf, type Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { userNameKey } from '../domain/user-name.js';
import { ProvError } from '../errors.js';
import { encodeRecord, type RecordCodec } from './codec.js';
import { parseDoc } from './doc.js';
import { IDEMPOTENCY_TTL_MS, replayOf, type IdempotencyClaim, type InsertOutcome } from './idempotency.js';
import { assertSameId, TARGET } from './optimistic.js';
import { networkUpdateMovesUrls, phoneWriteMarks, type RpsMark } from './rps-records.js';
import { listDocOf } from './sqlite-list-doc.js';
import type { SqliteRpsMarks } from './sqlite-rps-marks.js';
import type { SqliteDb } from './sqlite-schema.js';
import type { prepareStatements } from './sqlite-statements.js';

type Statements = ReturnType<typeof prepareStatements>;

/**
 * The write transactions over `db`; `decodePhone` reads a stored phone (for deletes), `rps`
 * marks the outbox. `fenced` makes more transactions under the same fence (sqlite-rps.ts).
 */
export function createSqliteWrites(db: SqliteDb, st: Statements, codec: RecordCodec, decodePhone: (doc: string, what: string) => Phone, rps: SqliteRpsMarks) {
  /** The data epoch claimed by claimEpoch(); every write checks it first. */
  let fence: string | undefined;
  /** A transaction that is refused (PROV_ERR_STORE_DATA_LOST) when the marker is not the claimed one. */
  const fenced = <A extends unknown[], R>(work: (...args: A) => R) =>
    db.transaction((...args: A): R => {
      if (fence !== undefined && st.epoch.get()?.value !== fence) throw new ProvError('PROV_ERR_STORE_DATA_LOST');
      return work(...args);
    });
  /**
   * A write: a fenced transaction begun IMMEDIATE. A deferred one reads first and then upgrades to
   * a write lock, and in WAL mode that upgrade fails at once with SQLITE_BUSY (the busy timeout does
   * not apply) when another process committed meanwhile, e.g. a worker's RPS runner leasing jobs.
   */
  const writeTx = <A extends unknown[], R>(work: (...args: A) => R) => {
    const tx = fenced(work);
    return (...args: A): R => tx.immediate(...args);
  };
  const mark = (marks: readonly RpsMark[]) => rps.mark(marks, Date.now());
  /** Every phone with rps: true stays and is marked (its URL may have changed). */
  const markStaying = (userId?: string) => mark(rps.rpsMacs(userId).map((mac) => ({ mac })));

  // Same checks, in the same order, as memory.ts; the UNIQUE/FOREIGN KEY constraints back them up.
  const checkUser = (u: User) => {
    const ext = st.userIdByExtension.get(u.extension_number);
    if (ext && ext.id !== u.id) throw new ProvError('PROV_ERR_EXTENSION_TAKEN', [u.extension_number]);
    const name = st.userIdByName.get(userNameKey(u.name));
    if (name && name.id !== u.id) throw new ProvError('PROV_ERR_USER_NAME_TAKEN', [u.name]);
  };
  const checkPhone = (p: Phone) => {
    if (!st.userExists.get(p.user_id)) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [p.user_id]);
    for (const l of p.lines ?? []) if (!st.userExists.get(l.user_id)) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [l.user_id]);
    const other = st.phoneIdByMac.get(p.mac);
    if (other && other.id !== p.id) throw new ProvError('PROV_ERR_MAC_TAKEN', [p.mac]);
  };
  // `doc`, `list_doc` and the token index entry all come from one seal of the record.
  const userParams = (u: User) => {
    const { text, sealed, tokenKey } = encodeRecord(codec, 'user', u);
    return [userNameKey(u.name), u.extension_number, tokenKey, u.created_at, text, listDocOf(sealed), u.id];
  };
  const phoneParams = (p: Phone) => {
    const { text, sealed } = encodeRecord(codec, 'phone', p);
    return [p.user_id, p.mac, p.created_at, text, listDocOf(sealed), p.id];
  };
  /** The phone-line index rows of `p` (sqlite-lines-schema.ts), after its row was written. */
  const indexLines = (p: Phone) => {
    st.deleteLinesOfPhone.run(p.id);
    for (const l of p.lines ?? []) st.insertLine.run(p.id, l.user_id);
  };
  /** Inserts unless `claim`'s key was used before; remembers the key with the record. */
  const idempotent = (claim: IdempotencyClaim | undefined, id: string, insert: () => void): InsertOutcome => {
    if (claim) {
      const now = Date.now();
      st.purgeClaims.run(now);
      const stored = st.claim.get(claim.key);
      if (stored) return replayOf(claim, stored);
    }
    insert();
    if (claim) st.insertClaim.run(claim.key, claim.fingerprint, id, Date.now() + IDEMPOTENCY_TTL_MS);
    return { created: true, id };
  };
  /**
   * The conditional write of an update: throws when the record is gone, answers false when its
   * stored text is no longer `stamp` (another write won), else checks and writes `next`.
   */
  const updateRow = <T extends { id: string }>(read: (id: string) => { doc: string } | undefined, missing: (id: string) => ProvError, check: (next: T) => void, write: (next: T, oldDoc: string) => void) =>
    writeTx((id: string, next: T, stamp: string): boolean => {
      const row = read(id);
      if (!row) throw missing(id);
      if (row.doc !== stamp) return false;
      assertSameId(id, next);
      check(next);
      write(next, row.doc);
      return true;
    });

  return {
    insertUser: writeTx((u: User, claim?: IdempotencyClaim) =>
      idempotent(claim, u.id, () => {
        checkUser(u);
        st.insertUser.run(...userParams(u));
      })
    ),
    updateUser: updateRow<User>((id) => st.userDoc.get(id), (id) => TARGET.user(id).notFound(), checkUser, (u) => {
      st.updateUser.run(...userParams(u));
      markStaying(u.id); // the folder token is in their URL
    }),
    /** Answers the deleted phones and the other phones whose line of the user was removed. */
    deleteUser: writeTx((id: string): { removed: Phone[]; updated: Phone[] } | undefined => {
      if (!st.userExists.get(id)) return undefined;
      const phones = st.phonesOfUser.all(id).map((r) => decodePhone(r.doc, `phone of user ${id}`));
      const updated = st.phonesCarrying
        .all(id)
        .map((r) => withoutLineOf(decodePhone(r.doc, `phone carrying user ${id}`), id))
        .filter((p) => p.user_id !== id);
      for (const p of updated) {
        st.updatePhone.run(...phoneParams(p));
        indexLines(p);
      }
      st.deleteUser.run(id); // ON DELETE CASCADE removes the phones in the same transaction
      mark(phones.flatMap((p) => phoneWriteMarks(p, undefined)));
      return { removed: phones, updated };
    }),
    insertPhone: writeTx((p: Phone, claim?: IdempotencyClaim) =>
      idempotent(claim, p.id, () => {
        checkPhone(p);
        st.insertPhone.run(...phoneParams(p));
        indexLines(p);
        mark(phoneWriteMarks(undefined, p));
      })
    ),
    updatePhone: updateRow<Phone>((id) => st.phoneDoc.get(id), (id) => TARGET.phone(id).notFound(), checkPhone, (p, oldDoc) => {
      st.updatePhone.run(...phoneParams(p));
      indexLines(p);
      mark(phoneWriteMarks(parseDoc<Phone>(oldDoc, `phone ${p.id}`), p)); // mac, vendor, rps, serial_number are plain
    }),
    deletePhone: writeTx((id: string): Phone | undefined => {
      const row = st.phoneDoc.get(id);
      if (!row) return undefined;
      const deleted = decodePhone(row.doc, `phone ${id}`);
      st.deletePhone.run(id);
      mark(phoneWriteMarks(deleted, undefined));
      return deleted;
    }),
    putNetwork: writeTx((n: Network) => {
      st.putNetwork.run(JSON.stringify(n));
      markStaying(); // host and ports are in every URL
    }),
    updateNetwork: writeTx((n: Network, stamp: string | null): boolean => {
      if ((st.networkDoc.get()?.doc ?? null) !== stamp) return false;
      st.putNetwork.run(JSON.stringify(n));
      if (networkUpdateMovesUrls(stamp, n)) markStaying();
      return true;
    }),
    /** Writes the marker unless one is stored; fences every later write to the marker stored. */
    claimEpoch: (candidate: string) => {
      const claimed = db.transaction(() => {
        const created = st.insertEpoch.run(candidate).changes === 1;
        return { epoch: st.epoch.get()!.value, created };
      })();
      fence = claimed.epoch;
      return claimed;
    },
    fenced,
  };
}
