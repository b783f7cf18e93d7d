/**
 * @module The IPC messages between the cluster primary and its phone-path workers (structured
 * clone: `serialization: 'advanced'`, so Dates survive). Both ends check the shape they receive.
 */
import type { TlsMaterial } from '../certs/types.js';
import type { MetricsSnapshot } from '../metrics.js';
import type { StoreEvent } from '../store/types.js';

/** Primary => worker. */
export type ToWorker =
  /** The HTTPS certificate: sent before the worker starts, then on every replacement. */
  | { readonly type: 'provd:tls'; readonly material: TlsMaterial }
  /** A store change made through the primary (sqlite: a worker's own connection sees no events). */
  | { readonly type: 'provd:store-event'; readonly event: StoreEvent }
  | { readonly type: 'provd:metrics-request'; readonly id: number }
  /** Reload the vendor templates (the primary got SIGHUP; certificates follow as provd:tls). */
  | { readonly type: 'provd:reload' }
  /** Stop listening, finish what is in flight, exit. */
  | { readonly type: 'provd:stop' };

/** Worker => primary. */
export type ToPrimary =
  /** Sent once the worker listens for IPC: the primary answers with what a new worker needs first. */
  | { readonly type: 'provd:hello' }
  | { readonly type: 'provd:ready'; readonly ports: { readonly http: number; readonly https?: number } }
  | { readonly type: 'provd:metrics'; readonly id: number; readonly snapshot: MetricsSnapshot };

const TYPES = new Set(['provd:tls', 'provd:store-event', 'provd:metrics-request', 'provd:reload', 'provd:stop', 'provd:hello', 'provd:ready', 'provd:metrics']);

/** Ours or not: IPC may also carry other libraries' messages, which both ends ignore. */
export function isProvdMessage(message: unknown): message is ToWorker | ToPrimary {
  return typeof message === 'object' && message !== null && TYPES.has((message as { type?: unknown }).type as string);
}
