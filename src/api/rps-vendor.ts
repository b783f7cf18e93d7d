/**
 * @module A vendor as the RPS parts of the API see it: its redirect services (or the 400 saying
 * why it has none), and the phones with `rps: true` that use its account.
 */
import { ProvError } from '../errors.js';
import type { RedirectDirectory, RedirectServiceDefinition } from '../redirect/index.js';
import { parseListQuery } from '../store/query.js';
import type { Store } from '../store/types.js';
import type { Vendor, VendorRegistry } from '../vendors/registry.js';
import { PHONE_QUERY } from './queries.js';

/** How many MACs a refusal names. */
const NAMED_MACS = 5;

/**
 * The vendor and the services it may use (the first is the default flavour).
 * @throws ProvError PROV_ERR_VENDOR_UNKNOWN; PROV_ERR_RPS_UNSUPPORTED with the descriptor's reason
 */
export function vendorRedirect(registry: VendorRegistry, redirect: RedirectDirectory, vendorId: string): { vendor: Vendor; services: readonly RedirectServiceDefinition[]; file?: string } {
  const vendor = registry.get(vendorId);
  if (!vendor) throw new ProvError('PROV_ERR_VENDOR_UNKNOWN', [vendorId], { errors: [{ field: 'vendor', message: 'no such vendor in templates/' }] });
  const services = redirect.forVendor(vendor);
  if (!services.supported) throw new ProvError('PROV_ERR_RPS_UNSUPPORTED', [vendor.id, services.reason], { errors: [{ field: 'vendor', message: services.reason }] });
  return { vendor, services: services.services, ...(services.file !== undefined ? { file: services.file } : {}) };
}

/** How many phones of `vendor` have `rps: true`, and the first few MACs. */
export async function phonesUsingRps(store: Store, vendor: string): Promise<{ count: number; macs: string[] }> {
  // Vendor ids are `[a-z0-9_-]` (descriptor schema): safe inside a quoted literal.
  const query = parseListQuery({ filter: `vendor eq '${vendor}' and rps eq true`, orderby: 'mac asc', top: String(NAMED_MACS) }, PHONE_QUERY);
  const page = await store.listPhones(query);
  return { count: page.count, macs: page.items.map((p) => p.mac) };
}
