/** @module createApiTokenStore: the API token store of the configured backend (beside createStore, which names the same three). */
import { join } from 'node:path';
import { SQLITE_FILE_NAME, type StoreOptions } from './index.js';
import { createMemoryApiTokenStore } from './memory-tokens.js';
import { createRedisApiTokenStore } from './redis-tokens.js';
import { createSqliteApiTokenStore } from './sqlite-tokens.js';
import type { ApiTokenStore } from './token-types.js';

/**
 * The token store next to the configured store. For sqlite, createStore MUST have opened the file
 * first (it migrates it); redis connects lazily.
 */
export function createApiTokenStore(options: StoreOptions, onError?: (err: unknown) => void): ApiTokenStore {
  switch (options.kind) {
    case 'memory':
      return createMemoryApiTokenStore();
    case 'sqlite':
      return createSqliteApiTokenStore({ file: join(options.dataDir, SQLITE_FILE_NAME) });
    case 'redis':
      return createRedisApiTokenStore({ url: options.redisUrl, prefix: options.redisPrefix, onError });
  }
}
