/**
 * @module The data-epoch watchdog: notices that the store lost its data (Redis restarted empty)
 * by a marker written at the first start, and keeps the node useful meanwhile.
 *
 * At start the node claims the store's marker (writing a new one when none is stored, with a
 * warning: a new store, or one that lost its data before this start). It then re-reads the marker
 * after every reconnect of the store and every `intervalMs`. When the marker is gone or another:
 * - one error line and `provd_store_data_lost_total` + 1 per transition (not per check);
 * - the store refuses writes by itself (PROV_ERR_STORE_DATA_LOST, see Store.claimEpoch);
 * - the reconnect's `reset` event is NOT passed on, so the rendered files in memory stay served;
 * - `isLost()` is true: the phone path answers a cache miss with 503, /readyz fails.
 * When the marker is back (the data was restored) it logs, and passes a `reset` on (caches drop).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Store, StoreEvent } from '../store/types.js';

export type EpochState = 'intact' | 'lost';

export interface DataEpochWatch {
  /** Claims the marker and starts watching. @throws ProvError when the store cannot be reached. */
  start(): Promise<void>;
  /**
   * Reads the marker now (concurrent calls share one read) and answers the state.
   * @throws ProvError PROV_ERR_STORE_UNAVAILABLE when the store does not answer.
   */
  check(): Promise<EpochState>;
  /** True from a check that found the marker gone or changed until one finds it back. */
  isLost(): boolean;
  /** The store to give everyone else: its `reset` events pass only once the data is known intact. */
  readonly store: Store;
  stop(): void;
}

export interface DataEpochDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Period of the background check (default 3000 ms); reconnects check at once. */
  readonly intervalMs?: number;
}

export function createDataEpochWatch(deps: DataEpochDeps): DataEpochWatch {
  const { store, logger } = deps;
  const lostCount = deps.metrics.counter('provd_store_data_lost_total', "Times the store's data-epoch marker was found gone or changed (data lost)");
  const resetListeners = new Set<(event: StoreEvent) => void>();
  let epoch: string | undefined;
  let state: EpochState = 'intact';
  let inFlight: Promise<EpochState> | undefined;
  /** A reconnect happened: events may have been missed; pass a reset on once the data is known intact. */
  let resetPending = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  const releaseReset = () => {
    resetPending = false;
    for (const l of resetListeners) l({ kind: 'reset' });
  };
  const settle = (found: string | undefined): EpochState => {
    if (found === epoch) {
      if (state === 'lost') {
        logger.warn({ epoch }, 'the store has its data back (data-epoch marker found again): writes accepted, caches dropped');
        state = 'intact';
        releaseReset();
      } else if (resetPending) releaseReset();
      return state;
    }
    resetPending = false; // keep serving what is cached: the store has nothing better now
    if (state === 'intact') {
      state = 'lost';
      lostCount.inc();
      logger.error(
        { expected: epoch, found: found ?? null },
        'the store lost its data (data-epoch marker gone or changed, e.g. Redis restarted empty): serving cached files only, ' +
          'refusing writes until the data is restored or this server is restarted'
      );
    }
    return state;
  };
  const check = () =>
    (inFlight ??= store.readEpoch().then(settle).finally(() => {
      inFlight = undefined;
    }));
  const checkQuietly = () => void check().catch(() => {}); // unreachable: readiness reports it

  const guarded: Store = Object.assign(Object.create(store) as Store, {
    subscribe(listener: (event: StoreEvent) => void) {
      resetListeners.add(listener);
      const off = store.subscribe((event) => event.kind !== 'reset' && listener(event));
      return () => {
        resetListeners.delete(listener);
        off();
      };
    },
  });

  return {
    async start() {
      const claimed = await store.claimEpoch(randomUUID());
      epoch = claimed.epoch;
      if (claimed.created && store.kind !== 'memory') {
        logger.warn({ epoch }, 'no data-epoch marker in the store: wrote a new one (normal at the first start on a new store; otherwise its data was lost before this start)');
      }
      unsubscribe = store.subscribe((event) => {
        if (event.kind !== 'reset') return;
        resetPending = true;
        checkQuietly();
      });
      timer = setInterval(checkQuietly, deps.intervalMs ?? 3000);
      timer.unref();
    },
    check,
    isLost: () => state === 'lost',
    store: guarded,
    stop() {
      clearInterval(timer);
      unsubscribe?.();
      resetListeners.clear();
    },
  };
}
