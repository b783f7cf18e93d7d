/**
 * @module The redis store's change feed: a second connection subscribed to `<prefix>events`.
 * Every StoreEvent reaches local listeners through this subscription only (the node's own writes
 * too), so each listener sees each change exactly once, whichever node made it.
 */
import type { Emitter } from './emitter.js';
import type { StoreEvent } from './types.js';

/** The part of an ioredis connection the feed uses (kept structural: only redis.ts imports ioredis). */
export interface SubscriberConnection {
  readonly status: string;
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export interface EventFeed {
  /**
   * Opens the subscription if not yet done. Answers a promise that settles (never rejects) once
   * SUBSCRIBE has succeeded or failed; the store's calls wait for it, so a change made after
   * subscribe() on this node is never missed. A failed SUBSCRIBE is retried when the
   * connection is next ready; once subscribed, ioredis resubscribes after reconnects.
   */
  start(): Promise<void>;
  /** Settled when no subscription is being set up. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates the feed; `connect` makes the subscriber connection (client.duplicate()) on first use.
 * Changes published while the subscriber is disconnected are not replayed (pub/sub keeps nothing):
 * after a reconnect a `reset` event tells listeners to drop everything they cached.
 */
export function createEventFeed(
  connect: () => SubscriberConnection,
  channel: string,
  emitter: Emitter,
  onError: (err: unknown) => void
): EventFeed {
  let sub: SubscriberConnection | undefined;
  let subscribed = false;
  let pending: Promise<void> = Promise.resolve();
  let inFlight = false;
  let readyCount = 0;

  const attempt = (): Promise<void> => {
    inFlight = true;
    pending = sub!.subscribe(channel).then(
      () => {
        subscribed = true;
        inFlight = false;
      },
      (err: unknown) => {
        inFlight = false;
        onError(err);
      }
    );
    return pending;
  };
  const deliver = (ch: string, message: string) => {
    if (ch !== channel) return;
    let event: StoreEvent;
    try {
      event = JSON.parse(message) as StoreEvent;
    } catch (err) {
      onError(err);
      return;
    }
    if (event && (event.kind === 'user' || event.kind === 'phone' || event.kind === 'network' || event.kind === 'template' || event.kind === 'firmware')) emitter.emit(event);
  };

  return {
    start() {
      if (sub) return pending;
      sub = connect();
      sub.on('error', onError);
      sub.on('message', deliver);
      sub.on('ready', () => {
        // A reconnect: whatever was published meanwhile is lost, so listeners must drop everything.
        if (++readyCount > 1) emitter.emit({ kind: 'reset' });
        if (!subscribed && !inFlight) void attempt();
      });
      return attempt();
    },
    get ready() {
      return pending;
    },
    async close() {
      const s = sub;
      sub = undefined;
      if (s) await closeConnection(s);
    },
  };
}

/** Quits a connection politely when it is up, drops it otherwise (quit would wait for a reconnect). */
export async function closeConnection(c: Pick<SubscriberConnection, 'status' | 'quit' | 'disconnect'>): Promise<void> {
  if (c.status === 'ready') {
    try {
      await c.quit();
      return;
    } catch {
      // fall through: drop it
    }
  }
  c.disconnect();
}
