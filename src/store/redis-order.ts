/**
 * @module The Redis store's creation-order index (`P created:users`, `P created:phones`: sorted
 * sets, score = created_at in epoch ms, ties by id as Redis orders equal scores): one page of a
 * list in its default order without reading every record, and the fill of the index for data
 * written before it existed (or by an older server).
 */
import type { Redis } from 'ioredis';
import type { ListQuery } from './query.js';

export type IndexedKind = 'users' | 'phones';

/** No filter, no search, no orderby: the order the index holds (created_at, then id). */
export function isDefaultOrder(query: ListQuery): boolean {
  return query.filter === undefined && query.search === undefined && query.orderby.length === 0;
}

/** The index score of a record: created_at in epoch ms (exact in a double). */
export function createdScore(record: { readonly created_at: string }): string {
  const ms = Date.parse(record.created_at);
  return Number.isFinite(ms) ? String(ms) : '0';
}

export interface CreationOrder {
  /**
   * One page of ids in (created_at, id) order with the total count, read in one MULTI; undefined
   * when the index does not hold every record (the caller then reads them all).
   */
  page(kind: IndexedKind, skip: number, top: number): Promise<{ count: number; ids: string[] } | undefined>;
}

const FILL_INTERVAL_MS = 60_000;
const CHUNK = 500;

export function createCreationOrder(deps: {
  readonly client: Redis;
  readonly key: (...parts: string[]) => string;
  /** Every id of a set (SSCAN). */
  readonly members: (setKey: string) => Promise<string[]>;
  /** Runs INDEX_CREATED with id, score pairs. */
  readonly index: (kind: IndexedKind, pairs: string[]) => Promise<unknown>;
}): CreationOrder {
  const { client, key } = deps;
  const lastFill = new Map<IndexedKind, number>();

  const read = async (kind: IndexedKind, skip: number, top: number) => {
    const replies = (await client.multi().scard(key(kind)).zcard(key('created:', kind)).zrange(key('created:', kind), String(skip), String(skip + top - 1)).exec()) ?? [];
    for (const [err] of replies) if (err) throw err;
    const [total, indexed, ids] = replies.map(([, value]) => value) as [number, number, string[]];
    return total === indexed ? { count: total, ids } : undefined;
  };

  const fill = async (kind: IndexedKind) => {
    const ids = await deps.members(key(kind));
    const record = kind === 'users' ? 'user:' : 'phone:';
    for (let i = 0; i < ids.length; i += CHUNK) {
      const batch = ids.slice(i, i + CHUNK);
      const docs = await client.mget(batch.map((id) => key(record, id)));
      const pairs: string[] = [];
      docs.forEach((doc, j) => {
        if (doc === null) return;
        const createdAt = (JSON.parse(doc) as { created_at?: unknown }).created_at;
        pairs.push(batch[j]!, createdScore({ created_at: String(createdAt) }));
      });
      if (pairs.length > 0) await deps.index(kind, pairs);
    }
  };

  return {
    async page(kind, skip, top) {
      const page = await read(kind, skip, top);
      if (page) return page;
      const last = lastFill.get(kind);
      if (last !== undefined && Date.now() - last < FILL_INTERVAL_MS) return undefined;
      lastFill.set(kind, Date.now());
      await fill(kind);
      return read(kind, skip, top);
    },
  };
}
