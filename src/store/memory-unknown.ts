/** @module In-process unknown-device table (memory store, tests): a Map in last-seen order. */
import { applyQuery } from './query.js';
import { MAX_UNKNOWN_PHONES, mergeSighting, type UnknownPhone, type UnknownPhoneStore } from './unknown-types.js';

export function createMemoryUnknownPhoneStore(maxEntries = MAX_UNKNOWN_PHONES): UnknownPhoneStore {
  const entries = new Map<string, UnknownPhone>();
  const rejected = new Set<string>();
  return {
    async record(sighting) {
      if (rejected.has(sighting.mac)) return;
      const next = mergeSighting(entries.get(sighting.mac), sighting);
      entries.delete(sighting.mac); // re-inserted last: the Map's first key is the least recently seen
      while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(sighting.mac, next);
    },
    list: async (query) => applyQuery(entries.values(), query),
    get: async (mac) => entries.get(mac),
    remove: async (mac) => entries.delete(mac),
    async reject(mac) {
      rejected.add(mac);
      entries.delete(mac);
    },
    isRejected: async (mac) => rejected.has(mac),
    async close() {
      entries.clear();
    },
  };
}
