/** @module createQrTokenStore: the QR token store of the configured backend (beside createStore, which names the same three). */
import { join } from 'node:path';
import { SQLITE_FILE_NAME, type StoreOptions } from './index.js';
import { createMemoryQrTokenStore } from './memory-qr.js';
import type { QrTokenStore } from './qr-types.js';
import { createRedisQrTokenStore } from './redis-qr.js';
import { createSqliteQrTokenStore } from './sqlite-qr.js';

/**
 * The token store next to the configured store. For sqlite, createStore MUST have opened the file
 * first (it migrates it); redis connects lazily.
 */
export function createQrTokenStore(options: StoreOptions, onError?: (err: unknown) => void): QrTokenStore {
  switch (options.kind) {
    case 'memory':
      return createMemoryQrTokenStore();
    case 'sqlite':
      return createSqliteQrTokenStore({ file: join(options.dataDir, SQLITE_FILE_NAME) });
    case 'redis':
      return createRedisQrTokenStore({ url: options.redisUrl, prefix: options.redisPrefix, onError });
  }
}
