/** Vendor CA bundles under <certs>/vendors/<vendor>/*.pem: what is loaded, and files that stop the start. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVendorTrust } from '../../src/client-certs/trust-store.js';
import { isProvError } from '../../src/errors.js';
import { tempDir } from '../certs/support.js';
import { issueDevice, makeCa, writeBundle } from './support.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.remove());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isProvError(err) ? `${err.code} ${err.message}` : String(err);
  }
  return undefined;
}

describe('loadVendorTrust', () => {
  it('loads every certificate of every .pem file per vendor folder, and their union', () => {
    const [a, b, c] = [makeCa('A root'), makeCa('A second'), makeCa('B root')];
    writeBundle(tmp.dir, 'acme', 'one.pem', [a, b]);
    writeBundle(tmp.dir, 'bolt', 'root.pem', [c]);
    writeFileSync(join(tmp.dir, 'bolt', 'README.txt'), 'not a bundle');

    const trust = loadVendorTrust(tmp.dir);

    expect(trust.vendors).toEqual(['acme', 'bolt']);
    expect(trust.of('acme').map((x) => x.subject)).toEqual([expect.stringContaining('CN=A root'), expect.stringContaining('CN=A second')]);
    expect(trust.of('zenith')).toEqual([]);
    expect(trust.pems).toHaveLength(3);
  });

  it('is empty when the folder does not exist', () => {
    expect(loadVendorTrust(join(tmp.dir, 'none')).vendors).toEqual([]);
  });

  it('refuses a file without a certificate and a certificate that is not a CA, naming the file', () => {
    mkdirSync(join(tmp.dir, 'acme'));
    writeFileSync(join(tmp.dir, 'acme', 'empty.pem'), 'nothing here\n');
    expect(codeOf(() => loadVendorTrust(tmp.dir))).toMatch(/^PROV_ERR_VENDOR_CA_INVALID .*acme\/empty\.pem.*no PEM certificate/);

    writeFileSync(join(tmp.dir, 'acme', 'empty.pem'), issueDevice(makeCa('X'), [{ shortName: 'CN', value: '0a0b0c000001' }]).certPem);
    expect(codeOf(() => loadVendorTrust(tmp.dir))).toMatch(/^PROV_ERR_VENDOR_CA_INVALID .*acme\/empty\.pem.*is not a CA/);
  });
});
