/**
 * @module The redirect directory: the service definitions by id, and which of them a vendor may
 * use, read from its descriptor's `redirect` entry (data, never a branch on the vendor). Checked
 * against the definitions when the templates are loaded, so a typo fails at start (or the reload
 * keeps the previous templates).
 */
import { ProvError } from '../errors.js';
import type { RpsAccount } from '../store/rps-types.js';
import type { Vendor } from '../vendors/registry.js';
import { RedirectError, type RedirectClientOptions, type RedirectService, type RedirectServiceDefinition } from './types.js';

/** What a vendor may use: its services (the first is the default flavour), or why none. */
export type VendorServices =
  | {
      readonly supported: true;
      readonly services: readonly RedirectServiceDefinition[];
      /** The file (id in the descriptor) whose URL services of urlKind `file` hold. */
      readonly file?: string;
    }
  | { readonly supported: false; readonly reason: string };

export interface RedirectDirectory {
  list(): readonly RedirectServiceDefinition[];
  get(id: string): RedirectServiceDefinition | undefined;
  /** The vendor's services, as its (checked) descriptor names them. */
  forVendor(vendor: Vendor): VendorServices;
  /**
   * Checks every vendor's `redirect` entry: each service exists and is the vendor's, and a
   * `file` is named when a service wants a file URL.
   * @throws ProvError PROV_ERR_VENDOR_DESCRIPTOR_INVALID naming the vendor and the problem
   */
  check(vendors: readonly Vendor[]): void;
  /**
   * A client of the account's service (`flavour`) with its credentials and `url`.
   * @throws RedirectError `unknown` for a flavour no service has; `auth_failed` from the service's
   *   factory when the account lacks the credentials it takes
   */
  client(account: RpsAccount, options?: RedirectClientOptions): RedirectService;
}

/** The reason answered for a vendor whose descriptor has no `redirect` entry. */
export const NO_SERVICE_KNOWN = 'no redirect service is known for this vendor';

/** Builds the directory over `definitions` (src/redirect/index.ts REDIRECT_SERVICES). */
export function createRedirectDirectory(definitions: readonly RedirectServiceDefinition[]): RedirectDirectory {
  const byId = new Map(definitions.map((d) => [d.id, d]));

  const forVendor = (vendor: Vendor): VendorServices => {
    const entry = vendor.descriptor.redirect;
    if (!entry) return { supported: false, reason: NO_SERVICE_KNOWN };
    if (entry.unsupported !== undefined || !entry.services) return { supported: false, reason: entry.unsupported ?? NO_SERVICE_KNOWN };
    // Unknown ids were refused by check() when the templates were loaded.
    const services = entry.services.flatMap((id) => byId.get(id) ?? []);
    return { supported: true, services, ...(entry.file !== undefined ? { file: entry.file } : {}) };
  };

  return {
    list: () => definitions,
    get: (id) => byId.get(id),
    forVendor,
    client(account, options) {
      const definition = byId.get(account.flavour);
      if (!definition) throw new RedirectError('unknown', `no redirect service ${account.flavour} is known`);
      return definition.create(
        { url: account.url, username: account.username, password: account.password, accessKeyId: account.access_key_id, accessKeySecret: account.access_key_secret },
        options
      );
    },
    check(vendors) {
      for (const vendor of vendors) {
        const fail = (why: string) => new ProvError('PROV_ERR_VENDOR_DESCRIPTOR_INVALID', [`${vendor.id}/vendor.json`, `redirect: ${why}`]);
        for (const id of vendor.descriptor.redirect?.services ?? []) {
          const definition = byId.get(id);
          if (!definition) throw fail(`unknown service ${id} (known: ${[...byId.keys()].join(', ')})`);
          if (definition.vendor !== vendor.id) throw fail(`service ${id} belongs to vendor ${definition.vendor}`);
          if (definition.urlKind === 'file' && vendor.descriptor.redirect?.file === undefined) throw fail(`service ${id} holds a file URL: name the file in redirect.file`);
        }
      }
    },
  };
}
