/** @module The vendor registry: lookups over the loaded descriptors (by id, file name, OUI, User-Agent). */
import { ouiOf, type Mac } from '../domain/mac.js';
import type { VendorDescriptor, VendorFile, VendorModel } from './descriptor.js';
import { compileFilePattern, type CompiledPattern } from './file-pattern.js';

/** A loaded vendor: its descriptor and the folder its templates live in. */
export interface Vendor {
  readonly id: string;
  readonly descriptor: VendorDescriptor;
  readonly dir: string;
}

/** One interpretation of a requested file name. */
export interface FileMatch {
  readonly vendor: Vendor;
  readonly file: VendorFile;
  /** Present for per-phone files: the MAC spelled in the name. */
  readonly mac?: Mac;
  /** Present for per-model common files. */
  readonly model?: string;
}

/** A model as `GET /api/phone_models` lists it (`filename` is what a phone's `filename` names). */
export interface ModelEntry {
  readonly filename: string;
  readonly vendor: string;
  readonly model: string;
  readonly display_name: string;
  readonly capabilities: VendorModel;
}

export interface VendorRegistry {
  list(): readonly Vendor[];
  get(id: string): Vendor | undefined;
  model(vendorId: string, model: string): VendorModel | undefined;
  /** Every model of every vendor. */
  models(): readonly ModelEntry[];
  /** The model entry a phone's `filename` names, e.g. `yealink/T46U`. */
  byFilename(filename: string): ModelEntry | undefined;
  /** Every interpretation of a file name (case-insensitive); [] when none. */
  matchFile(name: string): FileMatch[];
  /** Vendors whose OUIs include the MAC's. */
  byOui(mac: Mac): Vendor[];
  /** The vendor whose User-Agent pattern matches, if any. */
  byUserAgent(userAgent: string): Vendor | undefined;
  /**
   * The files a phone of this vendor and model fetches, in boot order, with their names spelled
   * (its directory files are not among them: the phone reads them when its device file says so).
   */
  filesFor(vendorId: string, model: string, mac: Mac): { file: VendorFile; name: string; common: boolean }[];
}

/** Builds the registry from loaded vendors (see load.ts); all patterns are compiled here, once. */
export function createVendorRegistry(vendors: readonly Vendor[]): VendorRegistry {
  const byId = new Map(vendors.map((v) => [v.id, v]));
  const patterns: { vendor: Vendor; file: VendorFile; pattern: CompiledPattern }[] = [];
  const modelEntries: ModelEntry[] = [];
  for (const vendor of vendors) {
    for (const file of vendor.descriptor.files) {
      patterns.push({ vendor, file, pattern: compileFilePattern(file.pattern, vendor.descriptor.models) });
    }
    for (const [model, capabilities] of Object.entries(vendor.descriptor.models)) {
      modelEntries.push({ filename: `${vendor.id}/${model}`, vendor: vendor.id, model, display_name: capabilities.display_name, capabilities });
    }
  }
  const byFilename = new Map(modelEntries.map((m) => [m.filename.toLowerCase(), m]));
  const userAgents = vendors
    .filter((v) => v.descriptor.userAgent)
    .map((v) => ({ vendor: v, re: new RegExp(v.descriptor.userAgent!, 'i') }));

  return {
    list: () => vendors,
    get: (id) => byId.get(id.toLowerCase()),
    model: (vendorId, model) => byId.get(vendorId)?.descriptor.models[model],
    models: () => modelEntries,
    byFilename: (filename) => byFilename.get(filename.toLowerCase()),
    matchFile(name) {
      const out: FileMatch[] = [];
      for (const { vendor, file, pattern } of patterns) {
        const m = pattern.match(name);
        if (!m) continue;
        if (m.model !== undefined && file.models && !file.models.includes(m.model)) continue;
        out.push({ vendor, file, ...(m.mac !== undefined ? { mac: m.mac } : {}), ...(m.model !== undefined ? { model: m.model } : {}) });
      }
      return out;
    },
    byOui: (mac) => vendors.filter((v) => v.descriptor.ouis.includes(ouiOf(mac))),
    byUserAgent: (ua) => userAgents.find((u) => u.re.test(ua))?.vendor,
    filesFor(vendorId, model, mac) {
      const vendor = byId.get(vendorId);
      if (!vendor) return [];
      return vendor.descriptor.files
        .filter((f) => f.scope !== 'directory' && (!f.models || f.models.includes(model)))
        .flatMap((file) => {
          const pattern = patterns.find((p) => p.file === file)!.pattern;
          const name = pattern.spell(mac, model);
          return name === undefined ? [] : [{ file, name, common: !pattern.hasMac }];
        });
    },
  };
}
