/**
 * @module A cluster primary's workers (PROV_WORKERS > 1), greeted with the HTTPS certificate and
 * told of every store change (SQLite: only the primary sees them) and certificate renewal.
 */
import type { CertificateLifecycle } from '../certs/lifecycle.js';
import { createWorkerPool, type WorkerPool } from '../cluster/primary.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

export function createPrimaryPool(config: Config, logger: Logger, store: Store, certs: CertificateLifecycle | undefined): WorkerPool {
  const pool = createWorkerPool({
    count: config.workers,
    logger,
    greeting: () => (certs ? [{ type: 'provd:tls', material: certs.current() }] : []),
  });
  // Redis: every worker hears every change on its own subscription; SQLite: only we see them.
  if (config.store.kind !== 'redis') store.subscribe((event) => pool.broadcast({ type: 'provd:store-event', event }));
  certs?.onChange((material) => pool.broadcast({ type: 'provd:tls', material }));
  return pool;
}
