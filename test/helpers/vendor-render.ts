/** @module Renders one file of a real vendor (templates/) from a fixture, as the phone would get it. */
import { fileURLToPath } from 'node:url';
import { buildContext } from '../../src/render/context.js';
import type { DirectoryEntry } from '../../src/render/directory.js';
import { createRenderer } from '../../src/render/renderer.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { fixtureInput } from './render-fixture.js';

export const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
export const vendors = loadVendors(TEMPLATES);
export const registry = createVendorRegistry(vendors);
const renderer = createRenderer(vendors);

export type FixtureInput = ReturnType<typeof fixtureInput>;

/**
 * Renders file `fileId` of `vendorId`/`model` from a fixture; `edit` may change the input first.
 * Common files are rendered without phone or user, exactly as the provisioning service does.
 */
export function renderVendorFile(
  vendorId: string,
  model: string,
  fileId: string,
  fixture: 'minimal' | 'full' | 'multiline' = 'full',
  edit?: (input: FixtureInput) => void
): { name: string; text: string; warnings: readonly string[] } {
  const vendor = registry.get(vendorId)!;
  const input = fixtureInput(fixture, vendor, model);
  edit?.(input);
  const entry = registry.filesFor(vendorId, model, input.phone.mac).find((f) => f.file.id === fileId);
  if (!entry) throw new Error(`${vendorId} ${model} has no file ${fileId}`);
  const built = buildContext(entry.common ? { ...input, phone: undefined, user: undefined } : input);
  return { name: entry.name, text: renderer.render(vendor, entry.file, model, built.context).toString('utf8'), warnings: built.warnings };
}

/**
 * Renders directory file `fileId` (`scope: directory`) of `vendorId` from phonebook entries, as
 * the provisioning service does: no phone, no user, the vendor's first model.
 */
export function renderDirectoryFile(vendorId: string, fileId: string, directory: readonly DirectoryEntry[]): { name: string; text: string } {
  const vendor = registry.get(vendorId)!;
  const file = vendor.descriptor.files.find((f) => f.id === fileId && f.scope === 'directory');
  if (!file) throw new Error(`${vendorId} has no directory file ${fileId}`);
  const model = Object.keys(vendor.descriptor.models)[0]!;
  const input = fixtureInput('full', vendor, model);
  const { context } = buildContext({ ...input, phone: undefined, user: undefined, directory });
  return { name: file.pattern, text: renderer.render(vendor, file, model, context).toString('utf8') };
}
