/** @module Network settings behind `GET|POST /api/network`: read, and partial update where `null` clears. */
import { parseWith } from '../domain/fields.js';
import { NetworkRecordSchema, NetworkUpdateSchema, type Network } from '../domain/network.js';
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
    get: async () => publicPart(await store.getNetwork()),
    update(body) {
      const changes = parseWith(NetworkUpdateSchema, body);
      // Atomic: applied to the settings stored at the moment of the write.
      return store.updateNetwork((current) => {
        const next: Record<string, unknown> = { ...current };
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) delete next[key];
          else if (value !== undefined) next[key] = value;
        }
        return parseWith(NetworkRecordSchema, next);
      }).then(publicPart);
    },
  };
}

// --- internal ---

/** The network settings without the vendor settings kept in the same record (their own routes show them). */
function publicPart(network: Network): Network {
  const { vendor_settings: _vs, ...rest } = network;
  return rest;
}
