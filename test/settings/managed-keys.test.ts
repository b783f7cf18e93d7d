/**
 * No admin setting can land on a key the server manages: for every vendor (desk and door
 * templates), each place a rendered per-phone file writes a secret or the provisioning URL is
 * named by candidate setting keys (text `key = ...` or `key: ...`, an XML element, its parent and the element,
 * an attribute, a Gigaset `<param name>`), and each candidate is refused by the vendor's syntax:
 * not a key of its form, or on its `deny` list. A template that starts writing a new managed key
 * fails here until the key is denied.
 */
import { describe, expect, it } from 'vitest';
import { settingProblem } from '../../src/settings/rules.js';
import { registry, renderVendorFile, vendors } from '../helpers/vendor-render.js';
import { FULL_DEVICE_PASSWORD } from '../helpers/render-fixture.js';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Models to check per vendor: the first of each type and template form. */
function modelsOf(vendorId: string): string[] {
  const models = registry.get(vendorId)!.descriptor.models;
  const seen = new Set<string>();
  return Object.entries(models).flatMap(([name, caps]) => {
    const form = `${caps.type}/${String(caps.config_format ?? '')}/${caps.settings === false ? 'none' : ''}`;
    if (caps.settings === false || seen.has(form)) return [];
    seen.add(form);
    return [name];
  });
}

/** Candidate setting keys for each line of `text` that holds one of `values`. */
function candidates(text: string, format: 'text' | 'xml', values: readonly string[]): string[][] {
  const out: string[][] = [];
  if (format === 'text') {
    for (const line of text.split('\n')) if (values.some((v) => line.includes(v))) out.push([line.replace(/\s*[=:].*$/, '')]);
    return out;
  }
  const stack: string[] = [];
  // Tags and the text after each: <name attrs> text, </name>, <name attrs/>.
  for (const m of text.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>([^<]*)/g)) {
    const [, close, name, attrs, selfClose, after] = m as unknown as [string, string, string, string, string, string];
    if (close) {
      stack.pop();
      continue;
    }
    const parent = stack.at(-1);
    if (!selfClose) stack.push(name);
    for (const a of attrs.matchAll(/([\w.:-]+)="([^"]*)"/g)) {
      if (!values.some((v) => a[2]!.includes(v))) continue;
      const nameAttr = /\bname="([^"]+)"/.exec(attrs)?.[1];
      out.push(nameAttr && a[1] === 'value' ? [nameAttr] : [a[1]!]);
    }
    if (!selfClose && values.some((v) => after.includes(v))) out.push([name, ...(parent ? [`${parent}.${name}`] : [])]);
  }
  return out;
}

describe('managed keys', () => {
  for (const vendor of vendors) {
    for (const model of modelsOf(vendor.id)) {
      it(`${vendor.id} ${model}: every key holding a secret or the provisioning URL is refused as a setting`, () => {
        const rule = vendor.descriptor.settings!;
        const files = registry.filesFor(vendor.id, model, `${vendor.descriptor.ouis[0]}a1b2c3` as never).filter((f) => !f.common && ['device', 'door'].includes(f.file.id));
        let checked = 0;
        for (const { file } of files) {
          const { text } = renderVendorFile(vendor.id, model, file.id, 'full', (input) => {
            (input as { phone: unknown }).phone = { ...input.phone, ...(input.phone.door_password1 ? { door_password1: '9753'.slice(0, input.phone.door_password1.length) } : {}) };
          });
          const raw = ['p&ss<w>rd"\'=;#1', 'Adm1n&<pw>', FULL_DEVICE_PASSWORD, '/provision/Tok3n'];
          const secrets = [...(file.format === 'xml' ? raw.map(xmlEscape) : raw), ...(model.match(/^(E|R|X9|i|GDS)/) ? ['9753', '975'] : [])];
          for (const keys of candidates(text, file.format, secrets)) {
            checked++;
            const accepted = keys.filter((k) => settingProblem(rule, k, 'x') === undefined);
            expect(accepted, `${vendor.id} ${model}: ${keys.join(' / ')} could be overridden by a setting`).toEqual([]);
          }
        }
        expect(checked).toBeGreaterThanOrEqual(3);
      });
    }
  }
});
