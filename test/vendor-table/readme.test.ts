/**
 * README.md's vendor table is the output of `provd vendors table` for templates/: a descriptor
 * change (a vendor or model added, a count corrected) without regenerating the table fails here,
 * naming the command that fixes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGENERATE_COMMAND, replaceVendorSection, sectionBody, vendorSection } from '../../src/vendor-table/readme.js';
import { vendorTable } from '../../src/vendor-table/table.js';
import { vendors } from '../helpers/vendor-render.js';
import { ROOT } from '../helpers/server-process.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README vendor table', () => {
  it('equals the table generated from templates/*/vendor.json', () => {
    const section = vendorSection(README);
    expect(section, 'README markers').not.toBeInstanceOf(Error);
    expect(section, `README's vendor table is stale: run \`${REGENERATE_COMMAND}\` and commit README.md`).toBe(sectionBody(vendorTable(vendors)));
  });

  it('names every vendor and model of the descriptors with its line and key counts', () => {
    const section = vendorSection(README) as string;
    const models = vendors.flatMap((v) => Object.entries(v.descriptor.models));
    expect(section).toContain(`**${vendors.length} vendors, ${models.length} models**`);
    for (const vendor of vendors) {
      expect(section).toContain(`| ${vendor.descriptor.name} (\`${vendor.id}\`) | ${Object.keys(vendor.descriptor.models).length} |`);
      for (const [id, m] of Object.entries(vendor.descriptor.models)) expect(section).toMatch(new RegExp(`[|,] ${id.replace(/[.+]/g, '\\$&')} ${m.lines}/${m.keys}[,| ]`));
    }
  });
});

describe('replacing the section', () => {
  const readme = 'intro\n<!-- vendors:begin -->\nold table\n<!-- vendors:end -->\noutro\n';

  it('replaces only the lines between the markers', () => {
    expect(replaceVendorSection(readme, 'new\n')).toBe(`intro\n<!-- vendors:begin -->\n${sectionBody('new\n')}<!-- vendors:end -->\noutro\n`);
    expect(vendorSection(replaceVendorSection(readme, 'new\n') as string)).toBe(sectionBody('new\n'));
  });

  it.each([
    ['no markers', 'intro\n'],
    ['a missing end marker', 'a\n<!-- vendors:begin -->\nb\n'],
    ['a marker twice', 'a\n<!-- vendors:begin -->\n<!-- vendors:begin -->\n<!-- vendors:end -->\n'],
    ['the end before the begin', 'a\n<!-- vendors:end -->\n<!-- vendors:begin -->\n'],
    ['a marker that is not alone on its line', 'a <!-- vendors:begin -->\n<!-- vendors:end -->\n'],
  ])('refuses a README with %s, changing nothing', (_why, text) => {
    expect(replaceVendorSection(text, 'new\n')).toBeInstanceOf(Error);
    expect(vendorSection(text)).toBeInstanceOf(Error);
  });
});
