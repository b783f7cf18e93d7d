/**
 * @module The worker's end of the cluster IPC channel: the HTTPS certificate and store events
 * the primary relays, metrics snapshots on request, the reload and stop orders, and the ready report.
 */
import { createTlsRelay, type TlsSource } from '../certs/lifecycle.js';
import type { TlsMaterial } from '../certs/types.js';
import type { Metrics } from '../metrics.js';
import type { StoreEvent } from '../store/types.js';
import { isProvdMessage, type ToPrimary } from './messages.js';

export interface PrimaryChannel {
  /** The first certificate the primary sent (it sends one before anything else when HTTPS is on). */
  firstTls(): Promise<TlsMaterial>;
  readonly tls: TlsSource;
  /** Store changes made through the primary. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  ready(ports: { http: number; https?: number }): void;
  close(): void;
}

/** What the primary can order a worker to do. */
export interface WorkerOrders {
  /** Stop listening, finish what is in flight, exit. */
  onStop(): void;
  /** Reload the vendor templates (the primary got SIGHUP). */
  onReload(): void;
}

export function connectToPrimary(proc: NodeJS.Process, metrics: Metrics, orders: WorkerOrders): PrimaryChannel {
  const tls = createTlsRelay();
  const listeners = new Set<(event: StoreEvent) => void>();
  let resolveTls: (material: TlsMaterial) => void = () => {};
  const first = new Promise<TlsMaterial>((resolve) => (resolveTls = resolve));
  const send = (message: ToPrimary) => proc.send?.(message);

  const onMessage = (message: unknown) => {
    if (!isProvdMessage(message)) return;
    switch (message.type) {
      case 'provd:tls':
        tls.set(message.material);
        resolveTls(message.material);
        break;
      case 'provd:store-event':
        for (const l of listeners) l(message.event);
        break;
      case 'provd:metrics-request':
        send({ type: 'provd:metrics', id: message.id, snapshot: metrics.snapshot() });
        break;
      case 'provd:reload':
        orders.onReload();
        break;
      case 'provd:stop':
        orders.onStop();
        break;
    }
  };
  proc.on('message', onMessage);
  send({ type: 'provd:hello' });

  return {
    firstTls: () => first,
    tls,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: (ports) => send({ type: 'provd:ready', ports }),
    close: () => proc.off('message', onMessage),
  };
}
