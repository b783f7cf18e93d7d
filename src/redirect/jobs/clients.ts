/**
 * @module The redirect client of each vendor, made from its stored account and kept while the
 * account stays the same (same `updated_at`): a client remembers what it discovered (server
 * entries, endpoint ids), so it is not made anew for every job; an edited account (new
 * credentials, other flavour or URL) gets a new client at its next job.
 */
import type { RpsAccount, RpsStore } from '../../store/rps-types.js';
import type { RedirectService } from '../types.js';

/** Makes the client of an account (the registry of src/redirect picks the service by `flavour`). */
export type ResolveClient = (account: RpsAccount) => RedirectService;

/** Why a vendor has no client: shown to the admin as the job's `rps_message`. */
export class NoClientError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'NoClientError';
  }
}

export interface ClientCache {
  /**
   * The client for `vendor`'s current account.
   * @throws NoClientError when the vendor has no account or no service of that flavour;
   *   the store's own errors as they are
   */
  clientFor(vendor: string): Promise<RedirectService>;
}

export function createClientCache(store: Pick<RpsStore, 'getRpsAccount'>, resolve: ResolveClient): ClientCache {
  const clients = new Map<string, { readonly updatedAt: string; readonly client: RedirectService }>();
  return {
    async clientFor(vendor) {
      const account = await store.getRpsAccount(vendor);
      if (!account) {
        clients.delete(vendor);
        throw new NoClientError(`no redirect-service account for vendor ${vendor} (POST /api/rps/accounts/${vendor})`);
      }
      const kept = clients.get(vendor);
      if (kept && kept.updatedAt === account.updated_at) return kept.client;
      let client: RedirectService;
      try {
        client = resolve(account);
      } catch (err) {
        throw new NoClientError(`the ${vendor} account cannot be used: ${(err as Error).message}`, { cause: err });
      }
      clients.set(vendor, { updatedAt: account.updated_at, client });
      return client;
    },
  };
}
