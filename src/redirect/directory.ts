/**
 * @module The redirect directory: the service definitions by id, and which of them a vendor may
 * use, read from its descriptor's `redirect` entry (data, never a branch on the vendor). Checked
 * against the definitions when the templates are loaded, so a typo fails at start (or the reload
 * keeps the previous templates).
 */
import { ProvError } from '../errors.js';
import type { Vendor } from '../vendors/registry.js';
import type { RedirectServiceDefinition } from './types.js';

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
