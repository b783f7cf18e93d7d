/** The catalog's compile step of the server: a vendor naming a redirect service it cannot use fails the load, a reload keeps the old one. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileVendors } from '../../src/app/vendor-compile.js';
import { REDIRECT_SERVICES, createRedirectDirectory } from '../../src/redirect/index.js';
import { createVendorCatalog } from '../../src/vendors/catalog.js';
import { RPS_VENDOR_DIR } from '../helpers/api-harness.js';

const compile = compileVendors(createRedirectDirectory(REDIRECT_SERVICES));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'provd-compile-'));
  cpSync(RPS_VENDOR_DIR, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setServices(vendor: string, services: string[]): void {
  const file = join(dir, vendor, 'vendor.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.redirect = { services };
  writeFileSync(file, JSON.stringify(json));
}

describe('compileVendors', () => {
  it('loads vendors whose redirect entries name their own services', () => {
    expect(createVendorCatalog(dir, compile).current().vendors.map((v) => v.id)).toEqual(['gigaset', 'grandstream', 'yealink']);
  });

  it('fails the start on an unknown service, naming the vendor', () => {
    setServices('yealink', ['yealink-ymcs']);

    expect(() => createVendorCatalog(dir, compile)).toThrow(expect.objectContaining({ code: 'PROV_ERR_VENDOR_DESCRIPTOR_INVALID', message: expect.stringMatching(/yealink\/vendor\.json.*unknown service yealink-ymcs/) }));
  });

  it("keeps the load in service when a reload names another vendor's service", () => {
    const catalog = createVendorCatalog(dir, compile);
    const before = catalog.current();
    setServices('yealink', ['snom-sraps']);

    expect(() => catalog.reload()).toThrow(/service snom-sraps belongs to vendor snom/);
    expect(catalog.current()).toBe(before);
  });
});
