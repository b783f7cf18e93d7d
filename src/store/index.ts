/** @module createStore: picks the store backend from configuration (the only place naming them). */
import { join } from 'node:path';
import type { RecordCodec } from './codec.js';
import { createMemoryStore } from './memory.js';
import { createRedisStore } from './redis.js';
import { createSqliteStore } from './sqlite.js';
import type { SealedStore, StoreNotice } from './types.js';

export interface StoreOptions {
  readonly kind: 'memory' | 'sqlite' | 'redis';
  /** Directory of the SQLite file (`<dataDir>/provd.sqlite`); created when missing. */
  readonly dataDir: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key and of the events channel, e.g. `provd:`. */
  readonly redisPrefix: string;
}

export interface StoreDeps {
  /**
   * Seals secret fields at rest (src/secrets, openSecrets().codec). sqlite and redis store
   * through it; memory keeps its records plain (nothing of it is at rest). Default: plain.
   */
  readonly codec?: RecordCodec;
  /** Background connection errors (redis reconnects); calls still fail on their own. */
  readonly onError?: (err: unknown) => void;
  /** What a migration changed in stored data (a warning for the log). */
  readonly notice?: StoreNotice;
}

/** The SQLite database file inside a data directory. */
export const SQLITE_FILE_NAME = 'provd.sqlite';

/**
 * Creates the configured store. sqlite opens (and migrates) its file now; redis connects lazily,
 * at the first call. The answer's `sealedRecords` is for `provd rotate-key` and tests only.
 * @throws ProvError PROV_ERR_STORE_UNAVAILABLE when the SQLite file cannot be opened.
 */
export function createStore(options: StoreOptions, deps: StoreDeps = {}): SealedStore {
  const { codec, onError, notice } = deps;
  switch (options.kind) {
    case 'memory':
      return createMemoryStore();
    case 'sqlite':
      return createSqliteStore({ file: join(options.dataDir, SQLITE_FILE_NAME), codec, notice });
    case 'redis':
      return createRedisStore({ url: options.redisUrl, prefix: options.redisPrefix, codec, onError, notice });
  }
}
