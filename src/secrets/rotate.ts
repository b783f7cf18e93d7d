/**
 * @module Key rotation over a minimal view of the store (SealedRecords), so it depends on no
 * store's internals: add a key at the front of the key file, re-seal every record under it, and
 * later retire the keys no record names any more. Also the migration of records written before
 * sealing existed (re-sealing turns their plain values into sealed ones).
 */
import type { Logger } from '../logger.js';
import type { RecordCodec, SealedRecord } from './codec.js';
import { RECORD_KINDS, type RecordKind, type RecordTypes } from './fields.js';
import { newKeyEntry, readKeyFile, writeKeyFile, type KeyEntry } from './key-file.js';

/** Answers the record to write instead of `doc`, or undefined to leave it as it is. */
export type RecordVisitor<K extends RecordKind> = (doc: RecordTypes[K]) => SealedRecord<RecordTypes[K]> | undefined;

/**
 * What a store provides for rotation and migration: each backend's `sealedRecords`
 * (src/store/sqlite-sealed.ts, redis-sealed.ts, memory.ts).
 */
export interface SealedRecords {
  /**
   * Calls `visit` once for every record of `kind`, with the doc as stored (sealed values as they
   * are, no sightings or other side data). When `visit` answers a SealedRecord, writes its `doc`
   * in place of the one read and, for users, its `tokenKey` as the folder-token index entry
   * (dropping the old entry), in one atomic write that succeeds only if the record did not change
   * since it was read; on a concurrent change it reads the record again and calls `visit` again.
   * A record deleted meanwhile is skipped; records created during the walk need not be visited
   * (they are sealed under the current key already). A stored text that is not a JSON object
   * cannot be visited: it is skipped and named in the store's notice (reading it reports
   * PROV_ERR_STORE_CORRUPT). Publishes no change event: the plain content is the same. Resolves
   * when every record was visited; rejects with the first error `visit` throws.
   */
  forEachRecord<K extends RecordKind>(kind: K, visit: RecordVisitor<K>): Promise<void>;
}

/** Records visited and re-sealed, per kind. */
export type ResealCounts = { [K in RecordKind]: number };

/** Zero of every kind. */
export function emptyResealCounts(): ResealCounts {
  return Object.fromEntries(RECORD_KINDS.map((kind) => [kind, 0])) as ResealCounts;
}

/** The records of every kind together. */
export function totalResealed(counts: ResealCounts): number {
  return RECORD_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
}

/**
 * Re-seals, under the codec's current key, every record that has a plain secret or one sealed
 * under another key; records already current are not written. Safe while servers run: each write
 * is atomic against concurrent changes (SealedRecords contract).
 * @throws ProvError PROV_ERR_SECRET_KEY_UNKNOWN / PROV_ERR_STORE_CORRUPT from opening a record.
 */
export async function resealRecords(codec: RecordCodec, records: SealedRecords, kinds: readonly RecordKind[] = RECORD_KINDS): Promise<ResealCounts> {
  const counts = emptyResealCounts();
  for (const kind of kinds) await records.forEachRecord(kind, resealVisitor(codec, kind, counts));
  return counts;
}

/**
 * The visitor of resealRecords (also the stores' first-start re-seal): answers the record sealed
 * under the current key when it has a plain secret or one sealed under another key, counting it
 * in `counts`; nothing for a record already current. A record visited again was not written (it
 * changed meanwhile, e.g. another node re-sealed it first): its count is taken back, so `counts`
 * says what this walk wrote.
 * @throws ProvError PROV_ERR_SECRET_KEY_UNKNOWN / PROV_ERR_STORE_CORRUPT from opening the record.
 */
export function resealVisitor<K extends RecordKind>(codec: RecordCodec, kind: K, counts: ResealCounts): RecordVisitor<K> {
  const answered = new Set<string>();
  return (doc) => {
    if (answered.delete(doc.id)) counts[kind]--;
    if (!codec.needsReseal(kind, doc)) return undefined;
    const sealed = codec.seal(kind, codec.open(kind, doc));
    counts[kind]++;
    answered.add(doc.id);
    return sealed;
  };
}

/** How many records name each key id, and how many still hold a plain secret. */
export interface KeyUsage {
  readonly byKey: ReadonlyMap<string, number>;
  readonly plain: number;
}

/** Walks every record and counts, per key id, the records naming it (nothing is written). */
export async function keyUsage(codec: RecordCodec, records: SealedRecords): Promise<KeyUsage> {
  const byKey = new Map<string, number>();
  let plain = 0;
  for (const kind of RECORD_KINDS) {
    await records.forEachRecord(kind, (doc) => {
      const ids = codec.keyIds(kind, doc);
      for (const id of ids) byKey.set(id, (byKey.get(id) ?? 0) + 1);
      // A secret sealed under no key at all: plain (written before sealing existed).
      if (codec.needsReseal(kind, doc) && ids.length === 0) plain++;
      return undefined;
    });
  }
  return { byKey, plain };
}

/**
 * Puts a new key at the front of the key file; the old ones stay (they still open what they sealed).
 * @returns the new key's id.
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID when the file cannot be read or written.
 */
export function addKey(file: string, logger: Pick<Logger, 'warn'>): string {
  const entries = readKeyFile(file, logger);
  const added = newKeyEntry(entries.map((e) => e.id));
  writeKeyFile(file, [added, ...entries]);
  return added.id;
}

/** What retireKeys did. */
export interface RetireResult {
  readonly removed: readonly string[];
  /** Old keys kept because records still name them, with how many. */
  readonly stillUsed: ReadonlyMap<string, number>;
}

/**
 * Removes from the key file every key but the current one that `usage` shows no record names.
 * The file is read again just before writing, so a key added meanwhile is kept.
 */
export function retireKeys(file: string, usage: KeyUsage, logger: Pick<Logger, 'warn'>): RetireResult {
  const entries = readKeyFile(file, logger);
  const [current, ...old] = entries as [KeyEntry, ...KeyEntry[]];
  const keep = old.filter((e) => (usage.byKey.get(e.id) ?? 0) > 0);
  const removed = old.filter((e) => !keep.includes(e)).map((e) => e.id);
  if (removed.length > 0) writeKeyFile(file, [current, ...keep]);
  return { removed, stillUsed: new Map(keep.map((e) => [e.id, usage.byKey.get(e.id)!])) };
}
