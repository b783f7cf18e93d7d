/**
 * Golden renders: every vendor x model x fixture x file, compared byte for byte with the files
 * under test/render/__golden__/ (regenerate with `npm run test:update`, review like code).
 * XML output is also checked well-formed here, independently of the renderer's own check.
 */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/render/context.js';
import { createRenderer } from '../../src/render/renderer.js';
import { DIRECTORY } from '../helpers/directory-fixture.js';
import { FIXTURES, FULL_DEVICE_PASSWORD, fixtureInput } from '../helpers/render-fixture.js';
import { registry, vendors } from '../helpers/vendor-render.js';

const renderer = createRenderer(vendors);

describe('golden renders', () => {
  it('finds the vendors of templates/', () => {
    expect(vendors.map((v) => v.id)).toEqual(expect.arrayContaining(['fanvil', 'grandstream', 'snom', 'yealink']));
  });

  for (const vendor of vendors) {
    for (const model of Object.keys(vendor.descriptor.models)) {
      for (const fixture of FIXTURES) {
        it(`renders ${vendor.id} ${model} from the ${fixture} fixture`, async () => {
          const input = fixtureInput(fixture, vendor, model);
          const { context } = buildContext(input);
          for (const { file, name, common } of registry.filesFor(vendor.id, model, input.phone.mac)) {
            const ctx = common ? buildContext({ ...input, phone: undefined, user: undefined }).context : context;
            const text = renderer.render(vendor, file, model, ctx).toString('utf8');
            if (file.format === 'xml') expect(XMLValidator.validate(text), `${name} well-formed`).toBe(true);
            if (common) expect(text, `${name} is common: no secrets`).not.toContain(input.user.extension_password);
            if (common) expect(text, `${name} is common: no device password`).not.toContain(FULL_DEVICE_PASSWORD);
            await expect(text).toMatchFileSnapshot(`__golden__/${vendor.id}/${model}/${fixture}/${name}`);
          }
        });
      }
    }
  }
});

// Directory files (`scope: directory`) depend on the users, not on a phone or model: one golden
// file per vendor, rendered from the phonebook fixture (hostile names included).
describe('golden directory files', () => {
  for (const vendor of vendors) {
    for (const file of vendor.descriptor.files.filter((f) => f.scope === 'directory')) {
      it(`renders ${vendor.id} ${file.pattern} from the phonebook fixture`, async () => {
        const model = Object.keys(vendor.descriptor.models)[0]!;
        const input = fixtureInput('full', vendor, model);
        const { context } = buildContext({ ...input, phone: undefined, user: undefined, directory: DIRECTORY });
        const text = renderer.render(vendor, file, model, context).toString('utf8');
        expect(XMLValidator.validate(text), `${file.pattern} well-formed`).toBe(true);
        await expect(text).toMatchFileSnapshot(`__golden__/${vendor.id}/_directory/${file.pattern}`);
      });
    }
  }
});
