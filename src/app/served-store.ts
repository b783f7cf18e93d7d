/**
 * @module The store every part of the server uses, built in layers: the sealing store (private
 * data folder, key file, secrets sealed at rest), counted failures, a worker's relayed events,
 * and the data-epoch watch (a store that lost its data is noticed, not served as empty).
 */
import type { Config } from '../config.js';
import { createDataEpochWatch, type DataEpochWatch } from '../health/data-epoch.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { connectionError } from '../observability/log-throttle.js';
import { openSealedStore, type SealedStoreHandle } from '../secrets/store-secrets.js';
import { instrumentStore, storeErrorCounter } from '../store/instrumented.js';
import type { Store } from '../store/types.js';

export interface ServedStore {
  /** The store to hand out: its `reset` events pass only while the data is intact. */
  readonly store: Store;
  readonly epochWatch: DataEpochWatch;
  /** SIGHUP: re-reads the secret key file. */
  readonly secrets: Pick<SealedStoreHandle, 'reloadSecrets'>;
}

/**
 * Opens the configured store. `relayedEvents`: a cluster worker on SQLite, whose own connection
 * sees no events of the primary's writes, takes the ones the primary relays instead.
 * @throws ProvError PROV_ERR_SECRET_KEY_INVALID, PROV_ERR_STORE_UNAVAILABLE
 */
export function openServedStore(config: Config, logger: Logger, metrics: Metrics, relayedEvents?: Store['subscribe']): ServedStore {
  const errors = storeErrorCounter(metrics);
  const logConnectionError = connectionError(logger, 'store connection error');
  const onError = (err: unknown) => {
    errors.inc({ operation: 'connection', kind: 'unavailable' });
    logConnectionError(err);
  };
  const notice = (details: Record<string, unknown>, message: string) => logger.warn(details, message);
  const sealed = openSealedStore(config, logger, { onError, notice });
  const counted = instrumentStore(sealed.store, errors);
  const shared = relayedEvents && config.store.kind !== 'redis' ? withEvents(counted, relayedEvents) : counted;
  const epochWatch = createDataEpochWatch({ store: shared, logger, metrics });
  return { store: epochWatch.store, epochWatch, secrets: sealed };
}

// --- internal ---

/** The store, with its events replaced by `subscribe`. */
function withEvents(store: Store, subscribe: Store['subscribe']): Store {
  return Object.assign(Object.create(store) as Store, { subscribe });
}
