/** @module A tiny synchronous event fan-out used by the stores to publish StoreEvents. */
import type { StoreEvent } from './types.js';

export interface Emitter {
  emit(event: StoreEvent): void;
  subscribe(listener: (event: StoreEvent) => void): () => void;
  clear(): void;
}

/** Listeners run in subscription order; one that throws does not stop the others. */
export function createEmitter(onListenerError: (err: unknown) => void = () => {}): Emitter {
  const listeners = new Set<(event: StoreEvent) => void>();
  return {
    emit(event) {
      for (const l of listeners) {
        try {
          l(event);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      listeners.clear();
    },
  };
}
