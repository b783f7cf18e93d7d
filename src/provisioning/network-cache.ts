/** @module Network settings read once and kept until the store announces a change. */
import type { Network } from '../domain/network.js';
import type { Store } from '../store/types.js';

export interface NetworkCache {
  get(): Promise<Network>;
  invalidate(): void;
}

export function createNetworkCache(store: Store): NetworkCache {
  let pending: Promise<Network> | undefined;
  return {
    get() {
      pending ??= store.getNetwork().catch((err: unknown) => {
        pending = undefined; // do not cache a failure
        throw err;
      });
      return pending;
    },
    invalidate() {
      pending = undefined;
    },
  };
}
