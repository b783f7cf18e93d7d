/**
 * @module The first start after the upgrade to sealed secrets, or to one sealed value per record:
 * every record an older version wrote plain or sealed field by field is re-sealed under the
 * current key by the store itself, before it serves anything (SQLite: schema steps 7 and 8,
 * sqlite-sealed.ts; Redis: a pass at the first call, remembered in `P meta:sealed`,
 * redis-sealed.ts), and the counts are logged. Re-sealing before serving is why no lookup ever
 * needs the plain folder token: the token index holds keyed hashes only.
 */
import { isProvError } from '../errors.js';
import type { RecordCodec } from '../secrets/codec.js';
import type { RecordKind } from '../secrets/fields.js';
import { emptyResealCounts, resealVisitor, totalResealed, type RecordVisitor } from '../secrets/rotate.js';
import type { StoreNotice } from './types.js';

export interface SealUpgrade {
  /**
   * The visitor of one kind: re-seals as `provd rotate-key --reseal` does, but a record whose
   * sealed values do not open (a key missing from the key file, an altered value) is named and
   * left as it is instead of stopping the pass: one such record must not keep the server down.
   */
  visitor<K extends RecordKind>(kind: K): RecordVisitor<K>;
  /** Records re-sealed so far. */
  resealed(): number;
  /** Logs what the pass did (nothing when it changed nothing). */
  report(notice: StoreNotice): void;
}

/** One first-start pass with `codec`. */
export function createSealUpgrade(codec: RecordCodec): SealUpgrade {
  const counts = emptyResealCounts();
  const unopened: string[] = [];
  return {
    visitor<K extends RecordKind>(kind: K): RecordVisitor<K> {
      const reseal = resealVisitor(codec, kind, counts);
      return (doc) => {
        try {
          return reseal(doc);
        } catch (err) {
          if (!isProvError(err)) throw err;
          unopened.push(`${kind} ${doc.id}: ${err.code}`);
          return undefined;
        }
      };
    },
    resealed: () => totalResealed(counts),
    report(notice) {
      if (totalResealed(counts) > 0) {
        notice({ resealed: counts }, 'records stored plain or sealed field by field (older versions) are now sealed under the current key');
      }
      if (unopened.length > 0) {
        notice({ records: unopened }, `${unopened.length} records hold sealed values the key file does not open; left as they are (reading them fails until the key file holds their key)`);
      }
    },
  };
}
