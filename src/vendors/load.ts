/**
 * @module loadVendors: scans templates/<vendor>/vendor.json, validates each descriptor and its
 * template files, and fails fast (at start) naming the folder and every problem.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toFieldErrors } from '../domain/fields.js';
import { ProvError } from '../errors.js';
import { VendorDescriptorSchema, type VendorDescriptor } from './descriptor.js';
import type { Vendor } from './registry.js';

/**
 * Loads every vendor folder under `templatesDir` (a folder without vendor.json is skipped).
 * @throws ProvError PROV_ERR_VENDOR_DESCRIPTOR_INVALID for bad JSON, schema errors, an id that
 * differs from the folder name, a missing template, or a file pattern or OUI claimed twice.
 */
export function loadVendors(templatesDir: string): Vendor[] {
  const vendors: Vendor[] = [];
  for (const name of readdirSync(templatesDir).sort()) {
    const dir = join(templatesDir, name);
    const file = join(dir, 'vendor.json');
    if (!statSync(dir).isDirectory() || !existsSync(file)) continue;
    vendors.push(loadOne(name, dir, file));
  }
  checkNoOverlap(vendors);
  return vendors;
}

// --- internal ---

function loadOne(name: string, dir: string, file: string): Vendor {
  const fail = (why: string) => new ProvError('PROV_ERR_VENDOR_DESCRIPTOR_INVALID', [file, why]);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw fail(`not valid JSON (${(err as Error).message})`);
  }
  const parsed = VendorDescriptorSchema.safeParse(json);
  if (!parsed.success) {
    throw fail(toFieldErrors(parsed.error).map((e) => `${e.field}: ${e.message}`).join('; '));
  }
  const descriptor = withTypesResolved(parsed.data);
  if (descriptor.id !== name) throw fail(`id "${descriptor.id}" must equal the folder name "${name}"`);
  for (const f of descriptor.files) {
    if (!existsSync(join(dir, f.template))) throw fail(`file ${f.id}: template ${f.template} is missing`);
    if (f.bootstrap !== undefined && !/\{(mac|MAC)\}/.test(f.pattern)) throw fail(`file ${f.id}: bootstrap is only for per-phone files (a {mac} pattern)`);
    if (f.bootstrap !== undefined && !existsSync(join(dir, f.bootstrap))) throw fail(`file ${f.id}: bootstrap template ${f.bootstrap} is missing`);
    for (const m of f.models ?? []) if (!descriptor.models[m]) throw fail(`file ${f.id}: unknown model ${m}`);
    if (f.scope === 'directory' && /\{(mac|MAC)\}/.test(f.pattern)) throw fail(`file ${f.id}: a directory file is shared, its pattern must not hold {mac}`);
  }
  const ids = descriptor.files.map((f) => f.id);
  if (new Set(ids).size !== ids.length) throw fail('file ids must be unique');
  for (const field of descriptor.requiredMaps) if (!descriptor.maps[field]) throw fail(`requiredMaps names missing map ${field}`);
  const redirectFile = descriptor.redirect?.file;
  if (redirectFile !== undefined && !ids.includes(redirectFile)) throw fail(`redirect.file names missing file ${redirectFile}`);
  return { id: descriptor.id, descriptor, dir };
}

/** `files[].types` becomes the list of models of those types (kept within `models` if given). */
function withTypesResolved(descriptor: VendorDescriptor): VendorDescriptor {
  const files = descriptor.files.map((f) => {
    if (!f.types) return f;
    const types: readonly string[] = f.types;
    const models = Object.entries(descriptor.models)
      .filter(([name, caps]) => types.includes(caps.type) && (!f.models || f.models.includes(name)))
      .map(([name]) => name);
    return { ...f, models };
  });
  return { ...descriptor, files };
}

/** Two vendors claiming the same OUI or the same literal file pattern cannot be told apart. */
function checkNoOverlap(vendors: readonly Vendor[]): void {
  const seenOui = new Map<string, string>();
  const seenPattern = new Map<string, string>();
  for (const v of vendors) {
    for (const oui of v.descriptor.ouis) {
      const other = seenOui.get(oui);
      if (other) throw new ProvError('PROV_ERR_VENDOR_DESCRIPTOR_INVALID', [v.id, `OUI ${oui} is also claimed by ${other}`]);
      seenOui.set(oui, v.id);
    }
    for (const f of v.descriptor.files) {
      // Per-MAC patterns may be shared ({mac}.cfg: Yealink, Fanvil); the phone record decides.
      if (/\{(mac|MAC)\}/.test(f.pattern)) continue;
      const key = f.pattern.toLowerCase();
      const other = seenPattern.get(key);
      if (other) throw new ProvError('PROV_ERR_VENDOR_DESCRIPTOR_INVALID', [v.id, `common file ${f.pattern} is also claimed by ${other}`]);
      seenPattern.set(key, v.id);
    }
  }
}
