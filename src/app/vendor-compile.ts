/**
 * @module What the vendor catalog makes of a load of templates/ (at start and on every reload):
 * every vendor's redirect entry checked against the redirect services, then every template
 * compiled. Either failing keeps the previous load in service (see vendors/catalog.ts).
 */
import type { RedirectDirectory } from '../redirect/index.js';
import { createRenderer, type Renderer } from '../render/renderer.js';
import type { Vendor } from '../vendors/registry.js';

/** The catalog's `compile` step. @throws ProvError PROV_ERR_VENDOR_DESCRIPTOR_INVALID, PROV_ERR_TEMPLATE_INVALID */
export function compileVendors(redirect: RedirectDirectory): (vendors: readonly Vendor[]) => Renderer {
  return (vendors) => {
    redirect.check(vendors);
    return createRenderer(vendors);
  };
}
