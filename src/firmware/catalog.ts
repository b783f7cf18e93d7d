/**
 * @module The firmware every process of a node serves and renders with: the manifests of
 * PROV_FIRMWARE_DIR held in memory, by model and by file name. Loaded at start; a store event
 * `firmware` (any node's upload or removal, redis pub/sub or the primary's relay) re-reads that
 * model's manifest, `reset` re-reads them all; then `onChange` drops what was rendered, so each
 * phone's next fetch writes (or stops writing) the upgrade keys.
 */
import type { Logger } from '../logger.js';
import type { RenderedFile } from '../provisioning/types.js';
import type { Store } from '../store/types.js';
import type { FirmwareRepository } from './repository.js';
import type { FirmwareRecord } from './types.js';

export interface FirmwareCatalog {
  /** Reads every manifest; call once before serving. */
  load(): Promise<void>;
  /**
   * Re-reads the model's manifest now and drops the rendered files (what a `firmware` event does),
   * so the node that made a change serves it once the change is answered.
   */
  refresh(vendor: string, model: string): Promise<void>;
  /** The model's firmware, or undefined. */
  byModel(vendor: string, model: string): FirmwareRecord | undefined;
  /**
   * The phone path's answer for a firmware file name (case-insensitive, as the render cache keys
   * names): a file streamed from disk (`disk`), ETag the quoted sha256; undefined for other names.
   */
  file(filename: string): RenderedFile | undefined;
  stop(): void;
}

export interface FirmwareCatalogDeps {
  readonly repository: FirmwareRepository;
  readonly store: Pick<Store, 'subscribe'>;
  readonly logger: Logger;
  /** Called after the catalog changed (drop the rendered files). */
  readonly onChange: () => void;
}

const EMPTY = Buffer.alloc(0);

export function createFirmwareCatalog(deps: FirmwareCatalogDeps): FirmwareCatalog {
  const { repository, logger } = deps;
  const models = new Map<string, FirmwareRecord>();
  let files = new Map<string, RenderedFile>();
  const key = (vendor: string, model: string) => `${vendor}\0${model}`;

  /** Rebuilds the name index from the model index (a few entries; changes are rare). */
  const index = () => {
    const next = new Map<string, RenderedFile>();
    for (const r of models.values()) {
      next.set(r.filename.toLowerCase(), {
        body: EMPTY,
        etag: `"${r.sha256}"`,
        contentType: 'application/octet-stream',
        vendor: r.vendor,
        mac: null,
        disk: { path: repository.blobPath(r.sha256), size: r.size },
      });
    }
    files = next;
  };
  const refresh = async (vendor: string, model: string) => {
    const record = await repository.read(vendor, model);
    if (record) models.set(key(vendor, model), record);
    else models.delete(key(vendor, model));
  };
  const loadAll = async () => {
    const all = await repository.list();
    models.clear();
    for (const r of all) models.set(key(r.vendor, r.model), r);
    index();
  };
  const changed = (what: Promise<void>) =>
    what.then(
      () => {
        index();
        deps.onChange();
      },
      (err: unknown) => logger.error({ err: (err as Error).message, dir: repository.dir }, 'firmware manifest unreadable; firmware kept as it was')
    );

  const unsubscribe = deps.store.subscribe((event) => {
    if (event.kind === 'firmware') void changed(refresh(event.vendor, event.model));
    else if (event.kind === 'reset') void changed(loadAll());
  });

  return {
    load: loadAll,
    refresh: (vendor, model) => changed(refresh(vendor, model)),
    byModel: (vendor, model) => models.get(key(vendor, model)),
    file: (filename) => files.get(filename.toLowerCase()),
    stop: unsubscribe,
  };
}
