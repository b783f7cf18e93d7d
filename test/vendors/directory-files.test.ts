/**
 * Directory files (`scope: directory` in vendor.json): the loader's rules, their place beside a
 * phone's boot files, the device files pointing at them, and a text format that no name can
 * break into lines.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { buildContext } from '../../src/render/context.js';
import { createRenderer } from '../../src/render/renderer.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { DIRECTORY, HOSTILE_NAMES } from '../helpers/directory-fixture.js';
import { fixtureInput } from '../helpers/render-fixture.js';
import { registry, renderDirectoryFile, renderVendorFile, vendors } from '../helpers/vendor-render.js';

const FIXTURE_TEMPLATES = fileURLToPath(new URL('../fixtures/templates', import.meta.url));

/** vendor => the id of the device file that points at its directory file (Poly asks by name). */
const REFERENCED = { yealink: 'device', grandstream: 'device', snom: 'device', fanvil: 'device', cisco: 'device' } as const;

describe('directory files of the real templates', () => {
  const withDirectory = vendors.filter((v) => v.descriptor.files.some((f) => f.scope === 'directory')).map((v) => v.id).sort();

  it('exist for Yealink, Grandstream, Snom, Fanvil, Poly and Cisco MPP, one each, without a MAC in the name', () => {
    expect(withDirectory).toEqual(['cisco', 'fanvil', 'grandstream', 'poly', 'snom', 'yealink']);
    for (const id of withDirectory) {
      const files = registry.get(id)!.descriptor.files.filter((f) => f.scope === 'directory');
      expect(files, id).toHaveLength(1);
      expect(files[0]!.pattern).not.toMatch(/\{mac\}/i);
      expect(files[0]!.format).toBe('xml');
    }
  });

  it('are matched by name but are not among a phone\'s boot files', () => {
    expect(registry.matchFile('yealink-phonebook.xml').map((m) => [m.vendor.id, m.file.scope])).toEqual([['yealink', 'directory']]);
    expect(registry.matchFile('000000000000-directory.xml').map((m) => m.vendor.id)).toEqual(['poly']);
    expect(registry.filesFor('yealink', 'T46U', '001565a1b2c3' as Mac).map((f) => f.file.id)).toEqual(['boot', 'common', 'device']);
  });

  it.each(Object.entries(REFERENCED))('%s: every model\'s device file points at the phonebook in the phone\'s own folder', (vendorId, fileId) => {
    const vendor = registry.get(vendorId)!;
    const name = vendor.descriptor.files.find((f) => f.scope === 'directory')!.pattern;
    for (const model of Object.keys(vendor.descriptor.models)) {
      if (!registry.filesFor(vendorId, model, `${vendor.descriptor.ouis[0]}a1b2c3` as Mac).some((f) => f.file.id === fileId)) continue; // door stations
      if (vendor.descriptor.models[model]!.type === 'door') continue;
      const { text } = renderVendorFile(vendorId, model, fileId, 'full');
      const folder = `http://pbx.example.com:8080/provision/${fixtureInput('full', vendor, model).user.provision_token}`;
      // Grandstream takes the folder without scheme and appends /phonebook.xml itself.
      const expected = vendorId === 'grandstream' ? `<P331>${folder.replace('http://', '')}</P331>` : `${folder}/${name}`;
      expect(text, `${vendorId} ${model}`).toContain(expected);
    }
  });

  it('Poly: the master file sends the phone to its folder for <mac>-directory.xml, then 000000000000-directory.xml', () => {
    expect(renderVendorFile('poly', 'VVX450', 'master').text).toContain('CONTACTS_DIRECTORY=""');
  });

  it.each(['yealink', 'grandstream', 'snom', 'fanvil', 'poly', 'cisco'])('%s: hostile names stay text: escaped, no element of their own', (vendorId) => {
    const file = registry.get(vendorId)!.descriptor.files.find((f) => f.scope === 'directory')!;
    const { text } = renderDirectoryFile(vendorId, file.id, DIRECTORY);
    expect(text).not.toContain('<x>');
    expect(text).not.toContain('</Name><x>');
    expect(text).toContain('&lt;/Name&gt;&lt;x&gt;');
    expect(text).toContain('Ann &amp; Bob');
    expect(text).toContain('Eve Injected = 1');
    expect(text).not.toContain('Disabled Dave');
  });
});

describe('directory files in the loader', () => {
  let dir: string;
  const copyAcme = (change: (files: Record<string, unknown>[]) => void) => {
    dir = mkdtempSync(join(tmpdir(), 'provd-directory-'));
    cpSync(join(FIXTURE_TEMPLATES, 'acme'), join(dir, 'acme'), { recursive: true });
    const file = join(dir, 'acme', 'vendor.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    change(json.files);
    writeFileSync(file, JSON.stringify(json));
    writeFileSync(join(dir, 'acme', 'book.hbs'), '{{#each directory}}{{name}};{{extension}};{{default mobile ""}}\n{{/each}}');
  };
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a directory file named by MAC, and one with a first stage', () => {
    copyAcme((files) => files.push({ id: 'book', pattern: 'book{mac}.csv', template: 'book.hbs', format: 'text', scope: 'directory' }));
    expect(() => loadVendors(dir)).toThrow(/file book: a directory file is shared, its pattern must not hold \{mac\}/);
    rmSync(dir, { recursive: true, force: true });
    copyAcme((files) => files.push({ id: 'book', pattern: 'book.csv', template: 'book.hbs', format: 'text', scope: 'directory', bootstrap: 'book.hbs' }));
    expect(() => loadVendors(dir)).toThrow(/file book: bootstrap is only for per-phone files/);
  });

  it('refuses a scope it does not know', () => {
    copyAcme((files) => files.push({ id: 'book', pattern: 'book.csv', template: 'book.hbs', format: 'text', scope: 'tenant' }));
    expect(() => loadVendors(dir)).toThrow(/files\.2\.scope/);
  });

  it('renders a text directory file with one line per entry, whatever the names hold', () => {
    copyAcme((files) => files.push({ id: 'book', pattern: 'book.csv', template: 'book.hbs', format: 'text', scope: 'directory' }));
    const [acme] = loadVendors(dir);
    const file = acme!.descriptor.files.find((f) => f.id === 'book')!;
    const input = fixtureInput('full', acme!, 'X1');
    const { context } = buildContext({ ...input, phone: undefined, user: undefined, directory: DIRECTORY });
    const text = createRenderer([acme!]).render(acme!, file, 'X1', context).toString('utf8');
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(DIRECTORY.length);
    expect(lines).toContain('Eve Injected = 1;107;');
    expect(lines).toContain(`${HOSTILE_NAMES[0]};105;`);
    expect(createVendorRegistry([acme!]).filesFor('acme', 'X1', '0a0b0c112233' as Mac).map((f) => f.file.id)).toEqual(['common', 'device']);
  });
});
