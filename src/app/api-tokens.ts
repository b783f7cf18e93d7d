/**
 * @module The API token store wiring: opened beside the configured store (after it: on SQLite the
 * store migrates the file first), only where the admin API runs (single process or primary).
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { connectionError } from '../observability/log-throttle.js';
import { createApiTokenStore } from '../store/token-index.js';
import type { ApiTokenStore } from '../store/token-types.js';

/** Connection errors of a Redis token store are logged at most every 10 s (a down Redis reports each retry). */
export function openApiTokens(config: Config, logger: Logger): ApiTokenStore {
  return createApiTokenStore(config.store, connectionError(logger, 'API token store connection error'));
}
