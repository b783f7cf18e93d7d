/**
 * The test render of template edits (src/templates/check.ts) against the shipped templates: each
 * shipped file passes as it is (no false refusal), and each kind of broken edit is refused
 * naming the file, with Handlebars' position where it gives one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATES } from '../../src/render/renderer.js';
import { checkTemplate } from '../../src/templates/check.js';
import { templateFiles, type TemplateFile } from '../../src/templates/files.js';
import { loadVendors } from '../../src/vendors/load.js';
import type { Vendor } from '../../src/vendors/registry.js';
import { ProvError } from '../../src/errors.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const vendors = loadVendors(TEMPLATES);
const vendor = (id: string) => vendors.find((v) => v.id === id)!;
const shipped = (v: Vendor, path: string) => readFileSync(join(v.dir, path), 'utf8');
const fileOf = (v: Vendor, path: string): TemplateFile => templateFiles(v).find((f) => f.path === path)!;

async function refusal(v: Vendor, path: string, text: string): Promise<ProvError> {
  try {
    await checkTemplate(v, fileOf(v, path), text, SHIPPED_TEMPLATES);
  } catch (err) {
    if (err instanceof ProvError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('checkTemplate', () => {
  it.each(vendors.map((v) => [v.id, v] as const))('accepts every shipped template file of %s as it is', async (_id, v) => {
    for (const f of templateFiles(v)) {
      await expect(checkTemplate(v, f, shipped(v, f.path), SHIPPED_TEMPLATES), `${v.id}/${f.path}`).resolves.toBeGreaterThan(0);
    }
  });

  it('lists templates, partials and model forms of a vendor by their path', () => {
    expect(templateFiles(vendor('snom')).map((f) => f.path)).toContain('device.hbs');
    expect(templateFiles(vendor('fanvil')).map((f) => f.path)).toContain('partials/desk-key.hbs');
    expect(templateFiles(vendor('gigaset')).some((f) => f.kind === 'model' && f.path.startsWith('models/N510/'))).toBe(true);
  });

  it('refuses a syntax error with its line', async () => {
    const err = await refusal(vendor('yealink'), 'device.hbs', '#!version:1.0.0.1\n{{#if account}}\naccount.1.enable = 1\n');

    expect(err.code).toBe('PROV_ERR_TEMPLATE_REJECTED');
    expect(err.status).toBe(400);
    expect(err.message).toContain('yealink/device.hbs');
    expect(err.message).toContain('Parse error on line 4');
  });

  it('refuses a key the context does not have (strict mode), naming line, column, model and sample', async () => {
    const err = await refusal(vendor('yealink'), 'device.hbs', shipped(vendor('yealink'), 'device.hbs') + '\nx = {{phone.no_such_key}}\n');

    expect(err.code).toBe('PROV_ERR_TEMPLATE_REJECTED');
    expect(err.message).toMatch(/"no_such_key" not defined/);
    expect(err.message).toMatch(/\(line \d+, column 7\)/);
    expect(err.message).toMatch(/of model \S+ \((full|minimal) sample\)/);
  });

  it('refuses a phonebook edit whose entry loop reads a key an entry does not have (it renders a sample entry)', async () => {
    const text = shipped(vendor('yealink'), 'phonebook.hbs').replace('<Name>{{name}}</Name>', '<Name>{{first_name}}</Name>');
    const err = await refusal(vendor('yealink'), 'phonebook.hbs', text);
    expect(err.code).toBe('PROV_ERR_TEMPLATE_REJECTED');
    expect(err.message).toMatch(/phonebook.*"first_name" not defined/);
  });

  it('refuses an unknown helper and a missing partial', async () => {
    expect((await refusal(vendor('yealink'), 'device.hbs', '{{no_such_helper mac.bare}}\n')).code).toBe('PROV_ERR_TEMPLATE_REJECTED');
    expect((await refusal(vendor('yealink'), 'device.hbs', '{{> no_such_partial}}\n')).message).toContain('no_such_partial');
  });

  it('refuses an xml file whose output is not well-formed', async () => {
    const err = await refusal(vendor('snom'), 'device.hbs', '<?xml version="1.0" encoding="utf-8"?>\n<settings><phone-settings>\n</settings>\n');

    expect(err.code).toBe('PROV_ERR_TEMPLATE_REJECTED');
    expect(err.message).toContain('not well-formed XML');
  });

  it('refuses a partial edit that breaks a file using it', async () => {
    const err = await refusal(vendor('fanvil'), 'partials/desk-key.hbs', '{{this.no_such_key}}');

    expect(err.code).toBe('PROV_ERR_TEMPLATE_REJECTED');
    expect(err.message).toContain('fanvil/partials/desk-key.hbs');
  });

  it('refuses a first stage that writes a secret, naming the field and not its value', async () => {
    const y = vendor('yealink');
    const err = await refusal(y, 'device-bootstrap.hbs', shipped(y, 'device-bootstrap.hbs') + '\naccount.1.password = {{account.password}}\n');

    expect(err.code).toBe('PROV_ERR_TEMPLATE_LEAKS_SECRET');
    expect(err.message).toContain('extension_password');
    expect(err.message).not.toContain('xpw-');
  });

  it('refuses a common file that reads a per-phone secret (it is rendered without a phone)', async () => {
    const err = await refusal(vendor('yealink'), 'common.hbs', '{{account.password}}\n');

    expect(err.code).toBe('PROV_ERR_TEMPLATE_REJECTED');
  });
});
