/** @module In-process QR token store (memory store, tests): a Map by hash; expired entries swept on put. */
import type { QrTokenRecord, QrTokenStore } from './qr-types.js';

export function createMemoryQrTokenStore(now: () => number = Date.now): QrTokenStore {
  const tokens = new Map<string, QrTokenRecord>();
  return {
    async put(hash, record) {
      const t = now();
      for (const [h, r] of tokens) if (r.expires_at <= t) tokens.delete(h);
      tokens.set(hash, { ...record });
    },
    async consume(hash, at) {
      const record = tokens.get(hash);
      if (!record) return undefined;
      // Single-threaded: get + delete with no await between them is atomic.
      tokens.delete(hash);
      return record.expires_at > at ? record : undefined;
    },
    async revokeUser(userId) {
      let n = 0;
      for (const [h, r] of tokens) if (r.user_id === userId && tokens.delete(h)) n++;
      return n;
    },
    async close() {
      tokens.clear();
    },
  };
}
