/** The renderer over the acme fixture vendor: escaping per format, overrides, partials, failures. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvError } from '../../src/errors.js';
import { buildContext } from '../../src/render/context.js';
import { createRenderer } from '../../src/render/renderer.js';
import { loadVendors } from '../../src/vendors/load.js';
import { FIXTURE_TEMPLATES } from '../helpers/phone-path.js';
import { fixtureInput } from '../helpers/render-fixture.js';

function renderAcme(dir: string, model: string, fileId: string) {
  const vendors = loadVendors(dir);
  const acme = vendors[0]!;
  const input = fixtureInput('full', acme, model);
  const file = acme.descriptor.files.find((f) => f.id === fileId)!;
  return createRenderer(vendors).render(acme, file, model, buildContext(input).context).toString('utf8');
}

describe('renderer', () => {
  let dir: string | undefined;
  const copy = () => {
    dir = mkdtempSync(join(tmpdir(), 'provd-render-'));
    cpSync(FIXTURE_TEMPLATES, dir, { recursive: true });
    return dir;
  };
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('escapes XML with the five named entities only', () => {
    const xml = renderAcme(FIXTURE_TEMPLATES, 'X1', 'device');
    expect(xml).toContain('name="Jane O&apos;Brien &amp; &lt;Co&gt;"');
    expect(xml).toContain('password="p&amp;ss&lt;w&gt;rd&quot;&apos;=;#1"');
    expect(xml).not.toMatch(/&#x?[0-9a-f]+;/i);
  });

  it('emits text formats unescaped', () => {
    const d = copy();
    writeFileSync(join(d, 'acme', 'common.hbs'), 'name = {{model.display_name}} & <x> "q"\n');
    expect(renderAcme(d, 'X1', 'common')).toBe('name = Acme X1 & <x> "q"\n');
  });

  it('uses the per-model override when the model has one, the base template otherwise', () => {
    expect(renderAcme(FIXTURE_TEMPLATES, 'X2', 'device')).toContain('<acme-x2 mac="0a0b0ca1b2c3" lines="4"/>');
    expect(renderAcme(FIXTURE_TEMPLATES, 'X1', 'device')).toContain('<acme model="X1"');
  });

  it('renders vendor partials', () => {
    expect(renderAcme(FIXTURE_TEMPLATES, 'X1', 'common')).toMatch(/# end\n$/);
  });

  it('fails the render, naming the template, when a template uses a key the context lacks', () => {
    const d = copy();
    writeFileSync(join(d, 'acme', 'common.hbs'), 'x = {{phone.no_such_field}}\n');
    expect(() => renderAcme(d, 'X1', 'common')).toThrow(ProvError);
    expect(() => renderAcme(d, 'X1', 'common')).toThrow(/acme\/common.*no_such_field/);
  });

  it('refuses to hand out XML that is not well-formed', () => {
    const d = copy();
    writeFileSync(join(d, 'acme', 'device.hbs'), '<a><b></a>\n');
    expect(() => renderAcme(d, 'X1', 'device')).toThrow(/not well-formed XML/);
  });

  it('stops at start (PROV_ERR_TEMPLATE_INVALID) on a template syntax error', () => {
    const d = copy();
    writeFileSync(join(d, 'acme', 'device.hbs'), '{{#if x}}never closed\n');
    expect(() => createRenderer(loadVendors(d))).toThrow(/PROV_ERR_TEMPLATE_INVALID|cannot be compiled/);
  });

  it('refuses helpers outside the closed set at compile time', () => {
    const d = copy();
    writeFileSync(join(d, 'acme', 'common.hbs'), '{{lookupSecret "x"}}\n');
    expect(() => renderAcme(d, 'X1', 'common')).toThrow();
  });
});
