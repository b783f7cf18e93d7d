/** The vendor catalog: reload() puts a new load of the templates folder in service, or keeps the old one. */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/render/renderer.js';
import { createVendorCatalog } from '../../src/vendors/catalog.js';
import { FIXTURE_TEMPLATES } from '../helpers/phone-path.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'provd-catalog-'));
  cpSync(FIXTURE_TEMPLATES, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A compiled form that shows what was loaded: the model names, in order. */
const modelNames = (vendors: readonly { descriptor: { models: Record<string, unknown> } }[]) =>
  vendors.flatMap((v) => Object.keys(v.descriptor.models));

describe('createVendorCatalog', () => {
  it('answers through its registry from the load in service, reloads included', () => {
    const catalog = createVendorCatalog(dir, modelNames);
    const registry = catalog.registry;
    expect(registry.model('acme', 'X3')).toBeUndefined();
    const descriptor = join(dir, 'acme', 'vendor.json');
    writeFileSync(descriptor, readFileSync(descriptor, 'utf8').replace('"X2": {', '"X3": { "display_name": "Acme X3", "lines": 1, "keys": 0, "code": "x3" },\n    "X2": {'));

    const load = catalog.reload();

    expect(load.compiled).toEqual(['X1', 'X3', 'X2']);
    expect(catalog.current()).toBe(load);
    expect(registry.model('acme', 'X3')).toMatchObject({ display_name: 'Acme X3' });
  });

  it('keeps the load in service when the folder no longer loads, and throws naming the file', () => {
    const catalog = createVendorCatalog(dir, modelNames);
    const before = catalog.current();
    writeFileSync(join(dir, 'acme', 'vendor.json'), '{ not json');

    expect(() => catalog.reload()).toThrow(expect.objectContaining({ code: 'PROV_ERR_VENDOR_DESCRIPTOR_INVALID', message: expect.stringContaining(join(dir, 'acme', 'vendor.json')) }));
    expect(catalog.current()).toBe(before);
    expect(catalog.registry.get('acme')).toBeDefined();
  });

  it('keeps the load in service when a template no longer compiles, and throws naming it', () => {
    const catalog = createVendorCatalog(dir, createRenderer);
    const before = catalog.current();
    appendFileSync(join(dir, 'acme', 'device.hbs'), '{{#if phone.mac}} never closed');

    expect(() => catalog.reload()).toThrow(expect.objectContaining({ code: 'PROV_ERR_TEMPLATE_INVALID', message: expect.stringContaining(join(dir, 'acme', 'device.hbs')) }));
    expect(catalog.current()).toBe(before);
  });
});
