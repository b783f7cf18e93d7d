/**
 * @module The redirect directory (src/redirect/index.ts, directory.ts): the nine services, which a
 * vendor may use as its descriptor says (checked against the definitions), and the URL a service
 * is given for a phone (phone-url.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { ProvError } from '../../src/errors.js';
import { REDIRECT_SERVICES, createRedirectDirectory, phoneRedirectUrl, type VendorServices } from '../../src/redirect/index.js';
import { NO_SERVICE_KNOWN } from '../../src/redirect/directory.js';
import { RedirectError } from '../../src/redirect/types.js';
import { VendorDescriptorSchema } from '../../src/vendors/descriptor.js';
import type { Vendor } from '../../src/vendors/registry.js';
import { registry as realRegistry, vendors as realVendors } from '../helpers/vendor-render.js';

const directory = createRedirectDirectory(REDIRECT_SERVICES);
const MAC = '001565a1b2c3' as Mac;
const FOLDER = 'https://prov.example.com/p/AbC123/';

/** A minimal vendor `id` with a `redirect` entry and the files `device` ({mac}.xml) and `common`. */
function vendorWith(id: string, redirect: unknown): Vendor {
  const descriptor = VendorDescriptorSchema.parse({
    id,
    name: id,
    files: [
      { id: 'common', pattern: 'common.xml', template: 'c.hbs', format: 'xml' },
      { id: 'device', pattern: '{mac}.xml', template: 'd.hbs', format: 'xml', models: ['M1'] },
    ],
    models: { M1: { display_name: 'M1', lines: 1 }, M2: { display_name: 'M2', lines: 1 } },
    defaults: { codecs: ['PCMU'] },
    redirect,
  });
  return { id, descriptor, dir: `/nowhere/${id}` };
}

function checkError(vendor: Vendor): ProvError {
  try {
    directory.check([vendor]);
  } catch (err) {
    return err as ProvError;
  }
  throw new Error('expected check() to fail');
}

describe('REDIRECT_SERVICES', () => {
  it('lists the nine services once each, each with its public URL', () => {
    const ids = REDIRECT_SERVICES.map((d) => d.id);

    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(['akuvox', 'fanvil-fdps', 'gigaset-grape', 'gigaset-xmlrpc', 'htek', 'snom-sraps', 'snom-xmlrpc', 'yealink-json', 'yealink-xmlrpc']);
    for (const d of REDIRECT_SERVICES) expect(new URL(d.defaultUrl).protocol, d.id).toMatch(/^https?:$/);
  });

  it('finds a definition by id', () => {
    expect(directory.get('snom-sraps')).toMatchObject({ vendor: 'snom', credentials: 'access_key', canOverride: false });
    expect(directory.get('htek')).toMatchObject({ vendor: 'htek', credentials: 'username_password', canOverride: true });
    expect(directory.get('nope')).toBeUndefined();
  });

  it('gives file URLs to the Gigaset services only, and checks the MAC-ID code of a Gigaset phone', () => {
    expect(REDIRECT_SERVICES.filter((d) => d.urlKind === 'file').map((d) => d.id).sort()).toEqual(['gigaset-grape', 'gigaset-xmlrpc']);
    const gigaset = directory.get('gigaset-xmlrpc')!;

    expect(gigaset.checkPhone?.(MAC, { serialNumber: 'x7k2' })).toBeUndefined();
    expect(gigaset.checkPhone?.(MAC, { serialNumber: '001565A1B2C3-X7K2' })).toBeUndefined();
    expect(gigaset.checkPhone?.(MAC, {})).toMatch(/serial_number must hold the 4-character code/);
    expect(gigaset.checkPhone?.(MAC, { serialNumber: 'X7K' })).toMatch(/4-character/);
    expect(gigaset.checkPhone?.(MAC, { serialNumber: '001565FFFFFF-X7K2' })).toMatch(/4-character/);
  });
});

describe('the vendors of templates/', () => {
  it('name only known services of their own', () => {
    expect(() => directory.check(realVendors)).not.toThrow();
  });

  it.each([
    ['yealink', ['yealink-json', 'yealink-xmlrpc']],
    ['snom', ['snom-sraps', 'snom-xmlrpc']],
    ['fanvil', ['fanvil-fdps']],
  ])('%s may use %j, the first by default', (vendorId, ids) => {
    const services = directory.forVendor(realRegistry.get(vendorId)!);

    expect(services.supported && services.services.map((d) => d.id)).toEqual(ids);
  });

  it('say why Grandstream has no service (no per-device URL at GDMS)', () => {
    const services = directory.forVendor(realRegistry.get('grandstream')!);

    expect(services.supported).toBe(false);
    expect(!services.supported && services.reason).toMatch(/no per-device provisioning URL.*GDMS/);
  });
});

describe('createRedirectDirectory().check', () => {
  it('refuses an unknown service id, naming the known ones', () => {
    const err = checkError(vendorWith('yealink', { services: ['yealink-rps'] }));

    expect(err.code).toBe('PROV_ERR_VENDOR_DESCRIPTOR_INVALID');
    expect(err.message).toMatch(/yealink\/vendor\.json.*redirect: unknown service yealink-rps \(known: yealink-json, /);
  });

  it("refuses another vendor's service", () => {
    expect(checkError(vendorWith('acme', { services: ['yealink-json'] })).message).toMatch(/service yealink-json belongs to vendor yealink/);
  });

  it('refuses a file-URL service when no file is named', () => {
    expect(checkError(vendorWith('gigaset', { services: ['gigaset-xmlrpc'] })).message).toMatch(/gigaset-xmlrpc holds a file URL: name the file in redirect\.file/);
  });

  it('answers a vendor without an entry as unsupported, with a generic reason', () => {
    const vendor = vendorWith('acme', undefined);

    expect(() => directory.check([vendor])).not.toThrow();
    expect(directory.forVendor(vendor)).toEqual({ supported: false, reason: NO_SERVICE_KNOWN });
  });
});

describe('phoneRedirectUrl', () => {
  const gigaset: VendorServices = directory.forVendor(vendorWith('gigaset', { services: ['gigaset-xmlrpc'], file: 'device' }));
  const files = (model: string) => [
    { file: { id: 'common' }, name: 'common.xml' },
    ...(model === 'M1' ? [{ file: { id: 'device' }, name: `${MAC}.xml` }] : []),
  ];

  it('gives a folder-URL service the folder URL as it is', () => {
    const yealink = directory.forVendor(realRegistry.get('yealink')!);

    expect(phoneRedirectUrl(FOLDER, directory.get('yealink-json')!, yealink, files('M1'))).toBe(FOLDER);
  });

  it("gives a file-URL service the URL of the vendor's named file for this phone", () => {
    expect(phoneRedirectUrl(FOLDER, directory.get('gigaset-xmlrpc')!, gigaset, files('M1'))).toBe(`${FOLDER}${MAC}.xml`);
  });

  it("fails as invalid_url when the phone's model has no such file", () => {
    const call = () => phoneRedirectUrl(FOLDER, directory.get('gigaset-xmlrpc')!, gigaset, files('M2'));

    expect(call).toThrow(RedirectError);
    expect(call).toThrow(/no file device/);
  });
});

describe('createRedirectDirectory().client', () => {
  const account = { vendor: 'yealink', created_at: '', updated_at: '' };

  it("makes a client of the account's flavour", () => {
    const client = directory.client({ ...account, flavour: 'yealink-xmlrpc', username: 'u', password: 'p' });

    expect(client.id).toBe('yealink-xmlrpc');
  });

  it('fails as unknown for a flavour no service has, as auth_failed for missing credentials', () => {
    expect(() => directory.client({ ...account, flavour: 'yealink-rps' })).toThrow(expect.objectContaining({ kind: 'unknown' }));
    expect(() => directory.client({ ...account, flavour: 'yealink-json' })).toThrow(expect.objectContaining({ kind: 'auth_failed' }));
  });
});
