/**
 * @module The firmware wiring: the folder (PROV_FIRMWARE_DIR) every process reads, its catalog
 * (served and rendered with, refreshed by the store's `firmware` events) and the admin API's
 * service. `onChange` drops the rendered files once the catalog changed.
 */
import type { Config } from '../config.js';
import { createFirmwareCatalog, type FirmwareCatalog } from '../firmware/catalog.js';
import { createFirmwareRepository } from '../firmware/repository.js';
import { createFirmwareService, type FirmwareService } from '../firmware/service.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { VendorRegistry } from '../vendors/registry.js';

export interface FirmwareWiring {
  readonly catalog: FirmwareCatalog;
  readonly service: FirmwareService;
}

export function openFirmware(config: Config, store: Store, registry: VendorRegistry, logger: Logger, onChange: () => void): FirmwareWiring {
  const warn = (path: string, reason: string) => logger.warn({ path, reason }, 'firmware manifest skipped: unreadable');
  const repository = createFirmwareRepository({ ...config.firmware, warn });
  const catalog = createFirmwareCatalog({ repository, store, logger, onChange });
  return { catalog, service: createFirmwareService({ repository, registry, store, changed: catalog.refresh }) };
}
