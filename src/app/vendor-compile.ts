/**
 * @module What the vendor catalog makes of a load of templates/ (at start and on every reload):
 * every vendor's redirect entry checked against the redirect services, then every template
 * compiled. Either failing keeps the previous load in service (see vendors/catalog.ts).
 */
import type { RedirectDirectory } from '../redirect/index.js';
import { createRenderer, SHIPPED_TEMPLATES, type Renderer, type TemplateSource } from '../render/renderer.js';
import type { Vendor } from '../vendors/registry.js';

/**
 * The catalog's `compile` step; `source` gives each template's text (default: the shipped files;
 * the app passes the overlay of templates edited over the API, src/templates/overlay.ts).
 * @throws ProvError PROV_ERR_VENDOR_DESCRIPTOR_INVALID, PROV_ERR_TEMPLATE_INVALID
 */
export function compileVendors(redirect: RedirectDirectory, source: TemplateSource = SHIPPED_TEMPLATES): (vendors: readonly Vendor[]) => Renderer {
  return (vendors) => {
    redirect.check(vendors);
    return createRenderer(vendors, source);
  };
}
