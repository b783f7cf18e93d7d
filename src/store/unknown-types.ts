/**
 * @module The contract of the unknown-device table (issue 12 §3): MACs that asked for a per-phone
 * file while no phone has them, with what the request let us guess. Kept apart from the Store
 * contract (like QR tokens): entries are observations, never rendered, bounded in number, and
 * losing them only means a device must ask again. Plus the rejected MACs, never recorded again.
 */
import type { ListQuery } from './query.js';
import type { Page } from './types.js';

/** One unknown device as listed by `GET /api/unknown_phones`. */
export interface UnknownPhone {
  /** 12 lowercase hex digits. */
  readonly mac: string;
  /** Guessed from the file name, else the User-Agent, else the OUI; null when nothing matched. */
  readonly vendor: string | null;
  /** Guessed from the file name (a model's own file) or the User-Agent; null when unknown. */
  readonly model: string | null;
  /** The last request: source address, User-Agent (cut at 256), file name, protocol. */
  readonly ip: string;
  readonly user_agent: string;
  readonly file: string;
  readonly protocol: string;
  /** ISO 8601. */
  readonly first_seen: string;
  readonly last_seen: string;
  /** Requests recorded (the recorder writes at most one per MAC and minute). */
  readonly count: number;
}

/** What one request tells: the entry's fields without its history. */
export type UnknownPhoneSighting = Omit<UnknownPhone, 'first_seen' | 'last_seen' | 'count'> & { readonly at: string };

/** One backend (memory, sqlite, redis); test/store/unknown-phones.contract.ts holds each to it. */
export interface UnknownPhoneStore {
  /**
   * Adds the MAC (count 1) or updates its entry (count + 1, last request; a guess is kept when
   * the new one is null). Nothing when the MAC is rejected. Past `maxEntries` the entry seen
   * least recently is dropped. Atomic per call.
   */
  record(sighting: UnknownPhoneSighting): Promise<void>;
  list(query: ListQuery): Promise<Page<UnknownPhone>>;
  get(mac: string): Promise<UnknownPhone | undefined>;
  /** Drops the entry (assigned, or deleted by an admin); answers whether there was one. */
  remove(mac: string): Promise<boolean>;
  /** Rejects the MAC: its entry goes, and it is never recorded again. */
  reject(mac: string): Promise<void>;
  isRejected(mac: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Entries kept at most by default. */
export const MAX_UNKNOWN_PHONES = 10_000;

/** The entry after `sighting` (memory and SQLite; Redis does the same in Lua). */
export function mergeSighting(current: UnknownPhone | undefined, s: UnknownPhoneSighting): UnknownPhone {
  const { at, ...last } = s;
  if (!current) return { ...last, first_seen: at, last_seen: at, count: 1 };
  return { ...current, ...last, vendor: s.vendor ?? current.vendor, model: s.model ?? current.model, last_seen: at, count: current.count + 1 };
}
