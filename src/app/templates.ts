/**
 * @module The wiring of templates edited over the API (src/templates/): the overlay every
 * process's vendor catalog compiles through, the sync that follows the store's template events,
 * and (where the admin API runs) the service behind `/api/templates`.
 */
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import { createTemplateOverlay, type TemplateOverlay } from '../templates/overlay.js';
import { createTemplatesService, type TemplatesService } from '../templates/service.js';
import { createTemplateSync, type TemplateSync } from '../templates/sync.js';
import type { VendorRegistry } from '../vendors/registry.js';

/** Made before the catalog (it compiles through `overlay.source`). */
export function openTemplateOverlay(): TemplateOverlay {
  return createTemplateOverlay();
}

export interface EditedTemplates {
  readonly sync: TemplateSync;
  /** Absent where no admin API runs (a cluster worker). */
  readonly service?: TemplatesService;
}

/** The sync of every process, and the API's service when `withApi`. */
export function openEditedTemplates(
  deps: { store: Store; overlay: TemplateOverlay; catalog: { reload(): unknown; readonly registry: VendorRegistry }; provisioning: { invalidate(): void }; logger: Logger },
  withApi: boolean
): EditedTemplates {
  const { store, overlay, catalog, provisioning, logger } = deps;
  const sync = createTemplateSync({ store, overlay, catalog, provisioning, logger });
  const service = withApi ? createTemplatesService({ store, registry: catalog.registry, overlay, apply: sync.refresh, logger }) : undefined;
  return { sync, service };
}
