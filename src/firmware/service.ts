/**
 * @module What the admin API does with firmware: checks the vendor, the model and the file name,
 * streams the upload into the firmware folder (repository.ts) and announces every change through
 * the store, so each node's catalog re-reads the manifest and each phone of the model gets its
 * files re-rendered with (or without) the upgrade keys.
 */
import type { Readable } from 'node:stream';
import { ProvError, validationError } from '../errors.js';
import type { Store } from '../store/types.js';
import type { VendorRegistry } from '../vendors/registry.js';
import type { FirmwareRepository } from './repository.js';
import { FIRMWARE_FILENAME, type FirmwareRecord } from './types.js';

export interface FirmwareService {
  /**
   * Stores `body` as the model's firmware under `filename` (replacing the one before).
   * `declaredLength` (Content-Length) past the limit is refused before a byte is read.
   * @throws ProvError PROV_ERR_VENDOR_UNKNOWN, PROV_ERR_MODEL_UNKNOWN, PROV_ERR_VALIDATION (filename),
   * PROV_ERR_FIRMWARE_TOO_LARGE, PROV_ERR_FIRMWARE_NAME_TAKEN
   */
  upload(vendor: string, model: string, filename: string | undefined, body: Readable, declaredLength?: number): Promise<FirmwareRecord>;
  list(): Promise<FirmwareRecord[]>;
  /** @throws ProvError PROV_ERR_VENDOR_UNKNOWN, PROV_ERR_MODEL_UNKNOWN, PROV_ERR_FIRMWARE_NOT_FOUND */
  get(vendor: string, model: string): Promise<FirmwareRecord>;
  /** Answers what was removed. @throws as get() */
  remove(vendor: string, model: string): Promise<FirmwareRecord>;
}

export interface FirmwareServiceDeps {
  readonly repository: FirmwareRepository;
  readonly registry: VendorRegistry;
  readonly store: Pick<Store, 'announce'>;
  /** Awaited after each change is announced: this node's catalog catches up before the answer. */
  readonly changed?: (vendor: string, model: string) => Promise<void>;
}

export function createFirmwareService(deps: FirmwareServiceDeps): FirmwareService {
  const { repository, registry, store } = deps;

  const checkModel = (vendor: string, model: string) => {
    const v = registry.get(vendor);
    if (!v) throw new ProvError('PROV_ERR_VENDOR_UNKNOWN', [vendor], { errors: [{ field: 'vendor', message: 'is not a vendor under templates/' }] });
    if (!Object.hasOwn(v.descriptor.models, model)) {
      throw new ProvError('PROV_ERR_MODEL_UNKNOWN', [`${vendor}/${model}`], { errors: [{ field: 'model', message: `is not a model of ${vendor}` }] });
    }
  };
  const checkName = (filename: string | undefined): string => {
    if (filename === undefined || filename === '') throw validationError([{ field: 'filename', message: 'is required (query ?filename= or header X-Firmware-Filename): the name the phone asks for' }]);
    if (!FIRMWARE_FILENAME.test(filename)) throw validationError([{ field: 'filename', message: 'must be 1-128 letters, digits, dots, dashes or underscores, starting with a letter or digit' }]);
    const clash = registry.matchFile(filename)[0];
    if (clash) throw validationError([{ field: 'filename', message: `is a provisioning file name of vendor ${clash.vendor.id}` }]);
    return filename;
  };
  const existing = async (vendor: string, model: string) => {
    checkModel(vendor, model);
    const record = await repository.read(vendor, model);
    if (!record) throw new ProvError('PROV_ERR_FIRMWARE_NOT_FOUND', [`${vendor}/${model}`]);
    return record;
  };
  /** A name another model uses may be shared only with the same bytes (one file, one answer). */
  const checkClash = async (record: FirmwareRecord) => {
    const name = record.filename.toLowerCase();
    const other = (await repository.list()).find((r) => r.filename.toLowerCase() === name && !(r.vendor === record.vendor && r.model === record.model));
    if (other && other.sha256 !== record.sha256) throw new ProvError('PROV_ERR_FIRMWARE_NAME_TAKEN', [record.filename, `${other.vendor}/${other.model}`]);
  };

  return {
    async upload(vendor, model, filename, body, declaredLength) {
      checkModel(vendor, model);
      const name = checkName(filename);
      if (declaredLength !== undefined && declaredLength > repository.maxBytes) throw new ProvError('PROV_ERR_FIRMWARE_TOO_LARGE', [repository.maxBytes]);
      const record = await repository.put({ vendor, model, filename: name }, body, checkClash);
      await store.announce({ kind: 'firmware', vendor, model });
      await deps.changed?.(vendor, model);
      return record;
    },
    list: () => repository.list(),
    get: existing,
    async remove(vendor, model) {
      await existing(vendor, model);
      const removed = await repository.remove(vendor, model);
      if (!removed) throw new ProvError('PROV_ERR_FIRMWARE_NOT_FOUND', [`${vendor}/${model}`]);
      await store.announce({ kind: 'firmware', vendor, model });
      await deps.changed?.(vendor, model);
      return removed;
    },
  };
}
