/** @module Network settings behind `GET|POST /api/network`: read, and partial update where `null` clears. */
import { parseWith } from '../domain/fields.js';
import { NetworkSchema, NetworkUpdateSchema, type Network } from '../domain/network.js';
import type { Store } from '../store/types.js';

/** Network settings use cases. */
export interface NetworkService {
  get(): Promise<Network>;
  /**
   * Partial update: an absent field keeps its value; `null` clears it (fields with a default,
   * such as the SIP ports and `enable_ipv6`, go back to that default). Validated before writing.
   */
  update(body: Record<string, unknown>): Promise<Network>;
}

/** Builds the network settings service over the store. */
export function createNetworkService(store: Store): NetworkService {
  return {
    get: () => store.getNetwork(),
    async update(body) {
      const changes = parseWith(NetworkUpdateSchema, body);
      const next: Record<string, unknown> = { ...(await store.getNetwork()) };
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) delete next[key];
        else if (value !== undefined) next[key] = value;
      }
      const network = parseWith(NetworkSchema, next);
      await store.putNetwork(network);
      return network;
    },
  };
}
