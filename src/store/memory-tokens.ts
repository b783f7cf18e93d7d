/** @module In-process API token store (memory store, tests): two Maps, by hash and by id. */
import { byCreation, type ApiTokenRecord, type ApiTokenStore } from './token-types.js';

export function createMemoryApiTokenStore(): ApiTokenStore {
  const byHash = new Map<string, ApiTokenRecord>();
  const byId = new Map<string, ApiTokenRecord>();
  return {
    async insert(record) {
      if (byId.has(record.id) || byHash.has(record.hash)) throw new Error(`API token ${record.id} exists already`);
      const copy = { ...record };
      byHash.set(copy.hash, copy);
      byId.set(copy.id, copy);
    },
    async findByHash(hash) {
      const found = byHash.get(hash);
      return found && { ...found };
    },
    async list() {
      return [...byId.values()].map((r) => ({ ...r })).sort(byCreation);
    },
    async remove(id) {
      const found = byId.get(id);
      if (!found) return undefined;
      byId.delete(id);
      byHash.delete(found.hash);
      return { ...found };
    },
    async close() {
      byHash.clear();
      byId.clear();
    },
  };
}
