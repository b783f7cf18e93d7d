/**
 * @module The redirect client of each vendor, made from its stored account and kept while the
 * account stays the same (same `updated_at`): a client remembers what it discovered (server
 * entries, endpoint ids), so it is not made anew for every job; an edited account (new
 * credentials, other flavour or URL) gets a new client at its next job.
 */
import type { Phone } from '../../domain/phone.js';
import type { RpsAccount, RpsStore } from '../../store/rps-types.js';
import type { RedirectService } from '../types.js';

/** An account's client, and the URL its service must hold for a phone. */
export interface VendorClient {
  readonly client: RedirectService;
  /**
   * The URL to register for `phone`, from its provisioning folder URL (ends with `/`): the folder
   * itself, or one file in it for a service that holds a file URL.
   * @throws RedirectError `invalid_url` when the phone has no such file
   */
  urlFor(phone: Phone, folderUrl: string): string;
}

/**
 * Makes the client of an account (the service is the account's `flavour`, src/redirect/index.ts).
 * @throws anything, when the account cannot be used (unknown flavour, missing credentials): its
 *   message is shown to the admin, so it names fields, never a secret
 */
export type ResolveClient = (account: RpsAccount) => VendorClient;

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
  clientFor(vendor: string): Promise<VendorClient>;
}

export function createClientCache(store: Pick<RpsStore, 'getRpsAccount'>, resolve: ResolveClient): ClientCache {
  const clients = new Map<string, { readonly updatedAt: string; readonly client: VendorClient }>();
  return {
    async clientFor(vendor) {
      const account = await store.getRpsAccount(vendor);
      if (!account) {
        clients.delete(vendor);
        throw new NoClientError(`no redirect-service account for vendor ${vendor} (POST /api/rps/accounts/${vendor})`);
      }
      const kept = clients.get(vendor);
      if (kept && kept.updatedAt === account.updated_at) return kept.client;
      let client: VendorClient;
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
