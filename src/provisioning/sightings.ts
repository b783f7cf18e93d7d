/**
 * @module Records where each phone was last seen (time, IP, User-Agent), at most once a minute
 * per phone, without delaying the response: a boot storm must not become a write storm.
 */
import type { Mac } from '../domain/mac.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

export const SIGHTING_INTERVAL_MS = 60_000;

export interface Sightings {
  record(mac: string, from: { readonly remoteAddress: string; readonly userAgent: string }): void;
}

export function createSightings(store: Store, logger: Logger, now: () => number): Sightings {
  const last = new Map<string, number>();
  return {
    record(mac, from) {
      const t = now();
      const prev = last.get(mac);
      if (prev !== undefined && t - prev < SIGHTING_INTERVAL_MS) return;
      last.set(mac, t);
      const sighting = { at: new Date(t).toISOString(), ip: from.remoteAddress, user_agent: from.userAgent.slice(0, 256) };
      store.recordSighting(mac as Mac, sighting).catch((err: unknown) => {
        last.delete(mac); // try again on the next fetch
        logger.warn({ mac, err: (err as Error).message }, 'could not record phone sighting');
      });
    },
  };
}
