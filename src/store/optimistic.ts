/**
 * @module Atomic read-modify-write over any backend by optimistic concurrency: read the record
 * and a stamp of its stored form, compute the next record (possibly slowly, asynchronously),
 * write it only if the stamp still matches, and start over otherwise.
 */
import { ProvError } from '../errors.js';
import type { RecordChange } from './types.js';

/** Attempts before giving up with PROV_ERR_STORE_CONFLICT; each conflict means another write won. */
export const MAX_UPDATE_ATTEMPTS = 16;

/** A record as read, with the stamp the conditional write compares (e.g. its stored text). */
export interface Stamped<T, S> {
  readonly record: T;
  readonly stamp: S;
}

export interface OptimisticUpdate<T, S> {
  /** What is updated, for the conflict message (`user <id>`). */
  readonly what: string;
  /** The current record, or undefined when it does not exist. */
  read(): Promise<Stamped<T, S> | undefined>;
  /** The error for a missing record (thrown as is). */
  notFound(): ProvError;
  /** Writes `next` if the stored form still has `stamp`: true when written, false on a conflict. */
  write(next: T, stamp: S): Promise<boolean>;
}

/**
 * Applies `change` atomically: the written record is `change` of the record stored at the moment
 * of the write. `change` may run several times (once per attempt) and must not have side effects
 * beyond computing its answer; when it throws, nothing is written and the error propagates.
 * @throws ProvError from notFound() when the record is missing (also when deleted meanwhile);
 *   PROV_ERR_STORE_CONFLICT after MAX_UPDATE_ATTEMPTS conflicts.
 */
export async function updateOptimistically<T, S>(op: OptimisticUpdate<T, S>, change: RecordChange<T>): Promise<T> {
  for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
    const current = await op.read();
    if (!current) throw op.notFound();
    const next = await change(current.record);
    if (await op.write(next, current.stamp)) return next;
    // Spread the contenders out a little so one of them wins each round.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 8)));
  }
  throw new ProvError('PROV_ERR_STORE_CONFLICT', [op.what]);
}

/** A change may not move a record to another id. @throws ProvError PROV_ERR_INTERNAL (a programming error) */
export function assertSameId(id: string, next: { readonly id: string }): void {
  if (next.id !== id) throw new ProvError('PROV_ERR_INTERNAL', [], { cause: new Error(`an update of ${id} answered a record with id ${next.id}`) });
}

/** `what` and `notFound` of an update of each kind of record, the same in every backend. */
export const TARGET = {
  user: (id: string) => ({ what: `user ${id}`, notFound: () => new ProvError('PROV_ERR_USER_NOT_FOUND', [id]) }),
  phone: (id: string) => ({ what: `phone ${id}`, notFound: () => new ProvError('PROV_ERR_PHONE_NOT_FOUND', [id]) }),
  // The settings always exist (defaults until first written): read() never answers undefined.
  network: () => ({ what: 'the network settings', notFound: () => new ProvError('PROV_ERR_INTERNAL') }),
};
