/** @module createUnknownPhoneStore: the unknown-device table of the configured backend (beside createStore, which names the same three). */
import { join } from 'node:path';
import { SQLITE_FILE_NAME, type StoreOptions } from './index.js';
import { createMemoryUnknownPhoneStore } from './memory-unknown.js';
import { createRedisUnknownPhoneStore } from './redis-unknown.js';
import { createSqliteUnknownPhoneStore } from './sqlite-unknown.js';
import type { UnknownPhoneStore } from './unknown-types.js';

/** For sqlite, createStore MUST have opened the file first (it migrates it); redis connects lazily. */
export function createUnknownPhoneStore(options: StoreOptions, onError?: (err: unknown) => void): UnknownPhoneStore {
  switch (options.kind) {
    case 'memory':
      return createMemoryUnknownPhoneStore();
    case 'sqlite':
      return createSqliteUnknownPhoneStore({ file: join(options.dataDir, SQLITE_FILE_NAME) });
    case 'redis':
      return createRedisUnknownPhoneStore({ url: options.redisUrl, prefix: options.redisPrefix, onError });
  }
}
