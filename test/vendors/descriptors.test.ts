/** Guard tests on the vendor registry: every folder of templates/ loads; bad descriptors fail loudly. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvError } from '../../src/errors.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { FIXTURE_TEMPLATES } from '../helpers/phone-path.js';
import { vendors } from '../helpers/vendor-render.js';

describe('vendor descriptors in templates/', () => {
  it('loads every vendor folder, each id equal to its folder name', () => {
    expect(vendors.length).toBeGreaterThanOrEqual(4);
    for (const v of vendors) expect(v.dir.endsWith(`/${v.id}`)).toBe(true);
  });

  it('has no OUI claimed by two vendors', () => {
    const ouis = vendors.flatMap((v) => v.descriptor.ouis);
    expect(new Set(ouis).size).toBe(ouis.length);
  });

  it('spells each model\'s files so that the registry recognises them again', () => {
    const registry = createVendorRegistry(vendors);
    for (const v of vendors) {
      const mac = `${v.descriptor.ouis[0] ?? '001122'}0a0b0c`;
      for (const model of Object.keys(v.descriptor.models)) {
        for (const { file, name } of registry.filesFor(v.id, model, mac as never)) {
          const matches = registry.matchFile(name).filter((m) => m.vendor.id === v.id && m.file.id === file.id);
          expect(matches.length, `${v.id} ${model} ${name}`).toBe(1);
          if (/\{(mac|MAC)\}/.test(file.pattern)) expect(matches[0]!.mac).toBe(mac);
        }
      }
    }
  });

  it('gives every model a display name, line count and key count', () => {
    for (const v of vendors) {
      for (const [model, caps] of Object.entries(v.descriptor.models)) {
        expect(caps.display_name, `${v.id} ${model}`).toBeTruthy();
        expect(caps.lines).toBeGreaterThanOrEqual(1);
        expect(caps.keys).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('loadVendors refusals', () => {
  let dir: string;
  const copyAcme = () => {
    dir = mkdtempSync(join(tmpdir(), 'provd-vendors-'));
    cpSync(join(FIXTURE_TEMPLATES, 'acme'), join(dir, 'acme'), { recursive: true });
    return join(dir, 'acme', 'vendor.json');
  };
  const edit = (file: string, change: (json: Record<string, unknown>) => void) => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    change(json);
    writeFileSync(file, JSON.stringify(json));
  };
  const loadError = () => {
    try {
      loadVendors(dir);
    } catch (err) {
      return err as ProvError;
    }
    throw new Error('expected loadVendors to fail');
  };
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a new vendor folder with no code change (the acme fixture)', () => {
    copyAcme();
    expect(loadVendors(dir).map((v) => v.id)).toEqual(['acme']);
  });

  it('refuses an id that differs from the folder name', () => {
    edit(copyAcme(), (j) => (j.id = 'other'));
    const err = loadError();
    expect(err.code).toBe('PROV_ERR_VENDOR_DESCRIPTOR_INVALID');
    expect(err.message).toMatch(/must equal the folder name "acme"/);
  });

  it('refuses invalid JSON and names the file', () => {
    writeFileSync(copyAcme(), '{ nope');
    expect(loadError().message).toMatch(/acme\/vendor\.json.*not valid JSON/);
  });

  it('refuses schema errors naming the field', () => {
    edit(copyAcme(), (j) => (j.ouis = ['XYZ']));
    expect(loadError().message).toMatch(/ouis\.0: must be 6 lowercase hex digits/);
  });

  it('refuses a file whose template is missing', () => {
    edit(copyAcme(), (j) => ((j.files as { template: string }[])[0]!.template = 'missing.hbs'));
    expect(loadError().message).toMatch(/template missing\.hbs is missing/);
  });

  it('refuses a first-stage (bootstrap) template on a common file, and a missing one', () => {
    edit(copyAcme(), (j) => ((j.files as { bootstrap?: string }[])[0]!.bootstrap = 'device.hbs'));
    expect(loadError().message).toMatch(/file common: bootstrap is only for per-phone files/);
    edit(join(dir, 'acme', 'vendor.json'), (j) => {
      const files = j.files as { bootstrap?: string }[];
      delete files[0]!.bootstrap;
      files[1]!.bootstrap = 'first-stage.hbs';
    });
    expect(loadError().message).toMatch(/bootstrap template first-stage\.hbs is missing/);
  });

  it('refuses a client_cert rule without a mac group or a source, naming the field', () => {
    edit(copyAcme(), (j) => (j.client_cert = { mac_from: 'subject.CN', pattern: '^(.*)$' }));
    expect(loadError().message).toMatch(/client_cert\.pattern: must have a named group \(\?<mac>\.\.\.\).*client_cert\.source/);
  });

  it('refuses a default codec that is not canonical', () => {
    edit(copyAcme(), (j) => (j.defaults = { codecs: ['ulaw'] }));
    expect(loadError().message).toMatch(/defaults\.codecs\.0: must be a canonical codec name/);
  });

  it.each([
    [{ services: [] }, /redirect\.services: must list at least one service/],
    [{ services: ['Bad Id'] }, /redirect\.services\.0: must be a service id/],
    [{ services: ['x-rps', 'x-rps'] }, /redirect\.services: must not list a service twice/],
    [{ services: ['x-rps'], unsupported: 'why' }, /redirect: must have either services or unsupported/],
    [{}, /redirect: must have either services or unsupported/],
    [{ unsupported: 'why', file: 'device' }, /redirect\.file: is only for services/],
    [{ services: ['x-rps'], file: 'nope' }, /redirect\.file names missing file nope/],
  ])('refuses the redirect entry %j', (redirect, message) => {
    edit(copyAcme(), (j) => (j.redirect = redirect));
    expect(loadError().message).toMatch(message);
  });

  it.each([
    [{ event: 'check-sync\r\nX-Injected: 1' }, /resync\.event: must be a SIP event/],
    [{ event: 'check sync' }, /resync\.event: must be a SIP event/],
    [{ event: 'check-sync', reboot_event: '' }, /resync\.reboot_event: must be a SIP event/],
    [{ reboot_event: 'check-sync;reboot=true' }, /resync\.event/],
    [{ event: 'check-sync', flag: 1 }, /resync/],
  ])('refuses the resync entry %j (the Event header is sent as written)', (resync, message) => {
    edit(copyAcme(), (j) => (j.resync = resync));
    expect(loadError().message).toMatch(message);
  });

  it('takes a resync entry with a reboot event, on the vendor and on a model', () => {
    edit(copyAcme(), (j) => {
      j.resync = { event: 'check-sync;reboot=false', reboot_event: 'check-sync;reboot=true' };
      (j.models as Record<string, Record<string, unknown>>).X2!.resync = { event: 'resync' };
    });
    const acme = loadVendors(dir).find((v) => v.id === 'acme')!;
    expect(acme.descriptor.resync).toEqual({ event: 'check-sync;reboot=false', reboot_event: 'check-sync;reboot=true' });
    expect(acme.descriptor.models.X2!.resync).toEqual({ event: 'resync' });
  });

  it('refuses two vendors claiming the same OUI', () => {
    copyAcme();
    cpSync(join(dir, 'acme'), join(dir, 'acme2'), { recursive: true });
    edit(join(dir, 'acme2', 'vendor.json'), (j) => {
      j.id = 'acme2';
      j.files = (j.files as { id: string }[]).filter((f) => f.id === 'device');
    });
    expect(loadError().message).toMatch(/OUI 0a0b0c is also claimed by acme/);
  });
  it('refuses door codes whose minimum exceeds their maximum, naming the model', () => {
    edit(copyAcme(), (j) => ((j.models as Record<string, Record<string, unknown>>).X2!.door_codes = { count: 1, min: 6, max: 4 }));
    expect(loadError().message).toMatch(/models\.X2\.door_codes.*min must not exceed max/);
  });

  it('turns a file\'s model types into its model list (a template per type under one file name)', () => {
    const file = copyAcme();
    edit(file, (j) => {
      const files = j.files as Record<string, unknown>[];
      files.push({ ...files[1], id: 'door', template: 'device.hbs', types: ['door'] });
      files[1]!.types = ['desk'];
      (j.models as Record<string, Record<string, unknown>>).X2!.type = 'door';
    });
    const [acme] = loadVendors(dir);
    expect(acme!.descriptor.files.map((f) => [f.id, f.models])).toEqual([
      ['common', undefined],
      ['device', ['X1']],
      ['door', ['X2']],
    ]);
    const registry = createVendorRegistry([acme!]);
    expect(registry.filesFor('acme', 'X2', '0a0b0c112233' as never).map((f) => f.file.id)).toEqual(['common', 'door']);
  });
});
