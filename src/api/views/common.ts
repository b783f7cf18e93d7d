/** @module Small answer shapes shared by the admin API's views: pages, times, ids. */
import { z } from 'zod';

/** An ISO 8601 time with offset, as the server writes them (`2026-01-31T12:00:00.000Z`). */
export const timestamp = z.string().describe('ISO 8601 time, UTC (`2026-01-31T12:00:00.000Z`).');

/** An id the server made (a UUID). */
export const serverId = z.string().describe('Made by the server (a UUID).');

/** `{ count, items }`: the answer of every list endpoint. */
export function pageOf<T extends z.ZodType>(item: T, title: string) {
  return z
    .object({ count: z.number().int().min(0).describe('All matching records, before skip/top.'), items: z.array(item) })
    .meta({ title });
}
