/**
 * @module The vendor catalog: the templates folder as loaded now (vendors, their registry and
 * their compiled form, e.g. the renderer) behind one holder that reload() replaces as a whole.
 * Readers take `registry` (a VendorRegistry that always answers from the current load) and
 * `current().compiled`; a reload that fails keeps the previous load in service.
 */
import { loadVendors } from './load.js';
import { createVendorRegistry, type Vendor, type VendorRegistry } from './registry.js';

/** One consistent load of the templates folder. */
export interface CatalogLoad<C> {
  readonly vendors: readonly Vendor[];
  readonly registry: VendorRegistry;
  /** What `compile` made of the vendors (the renderer: every template compiled). */
  readonly compiled: C;
}

export interface VendorCatalog<C> {
  /** The load in service (a field read: cheap enough for the phone path). */
  current(): CatalogLoad<C>;
  /** A registry that answers every call from the load in service, reloads included. */
  readonly registry: VendorRegistry;
  /**
   * Loads and compiles the folder again and puts it in service; on any error (a descriptor or
   * template that does not load or compile) the previous load stays in service.
   * @throws ProvError PROV_ERR_VENDOR_DESCRIPTOR_INVALID / PROV_ERR_TEMPLATE_INVALID naming the file.
   */
  reload(): CatalogLoad<C>;
}

/**
 * Loads `templatesDir` now (throws at start, as loadVendors does). `compile` turns the vendors
 * into what rendering needs; it is injected so vendors/ does not depend on render/.
 */
export function createVendorCatalog<C>(templatesDir: string, compile: (vendors: readonly Vendor[]) => C): VendorCatalog<C> {
  const load = (): CatalogLoad<C> => {
    const vendors = loadVendors(templatesDir);
    return { vendors, registry: createVendorRegistry(vendors), compiled: compile(vendors) };
  };
  let current = load();
  const r = () => current.registry;
  const registry: VendorRegistry = {
    list: () => r().list(),
    get: (id) => r().get(id),
    model: (vendorId, model) => r().model(vendorId, model),
    models: () => r().models(),
    byFilename: (filename) => r().byFilename(filename),
    matchFile: (name) => r().matchFile(name),
    byOui: (mac) => r().byOui(mac),
    byUserAgent: (userAgent) => r().byUserAgent(userAgent),
    filesFor: (vendorId, model, mac) => r().filesFor(vendorId, model, mac),
  };
  return {
    current: () => current,
    registry,
    reload() {
      const next = load(); // throws before anything is replaced
      current = next;
      return next;
    },
  };
}
