/**
 * Admin settings in the rendered files (README "Settings"): every vendor writes the merged
 * settings (vendor-wide -> model -> phone, a later one wins) at the end of its per-phone file, in
 * its own syntax, values escaped in XML; goldens under __golden__/settings/.
 */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/render/context.js';
import { registry, renderVendorFile, vendors } from '../helpers/vendor-render.js';
import { SETTINGS_FIXTURE, withSettings } from '../settings/fixture.js';

/**
 * One desk (or door, for Akuvox; DECT base, for Gigaset) model per vendor, named so the goldens
 * stay put when models are added; a vendor not named here takes its first model that takes
 * settings. Plus each other per-phone template form.
 */
const MODEL_OF: Record<string, string> = {
  yealink: 'T46U', akuvox: 'E12W', cisco: '8851', fanvil: 'X4U', gigaset: 'N670', grandstream: 'GXP2170', htek: 'UC912', poly: 'VVX450', snom: 'D785', mitel: '6867i',
};
const CASES: [vendor: string, model: string][] = [
  ...vendors.flatMap((v): [string, string][] => {
    const model = MODEL_OF[v.id] ?? Object.entries(v.descriptor.models).find(([, caps]) => caps.settings !== false)?.[0];
    return v.descriptor.settings && model ? [[v.id, model]] : [];
  }),
  ['fanvil', 'i10S'], // door station, sysConf form
  ['fanvil', 'i12'], // door station, VOIP_CONFIG_FILE form
  ['grandstream', 'GDS3710'], // door station template
];

/** The files holding a phone's settings (not the boot or index files that only list other files). */
const PER_PHONE_FILES = ['device', 'door'];

const ESCAPED_D = 'Front desk &amp; &lt;lobby&gt; &quot;A&quot; &apos;B&apos;';

describe('settings in rendered files', () => {
  it('every vendor of templates/ declares a settings syntax, and the fixture names keys for each', () => {
    expect(vendors.filter((v) => !v.descriptor.settings).map((v) => v.id)).toEqual([]);
    expect(Object.keys(SETTINGS_FIXTURE.vendors).sort()).toEqual(vendors.map((v) => v.id).sort());
  });

  for (const [vendorId, model] of CASES) {
    it(`${vendorId} ${model}: global -> model -> phone, at the end of the per-phone file`, async () => {
      const keys = SETTINGS_FIXTURE.vendors[vendorId]!;
      const files = registry.filesFor(vendorId, model, `${registry.get(vendorId)!.descriptor.ouis[0]}a1b2c3` as never).filter((f) => !f.common && PER_PHONE_FILES.includes(f.file.id));
      expect(files.length).toBeGreaterThan(0);
      for (const { file, name } of files) {
        const { text, warnings } = renderVendorFile(vendorId, model, file.id, 'full', withSettings(vendorId, model));
        expect(warnings.filter((w) => w.includes('setting'))).toEqual([]);
        if (file.format === 'xml') expect(XMLValidator.validate(text), `${name} well-formed`).toBe(true);
        // The later level wins: no overridden value is written.
        for (const gone of ['global-b', 'model-c']) expect(text).not.toContain(gone);
        for (const kept of ['global-a', 'model-b', 'phone-c']) expect(text).toContain(kept);
        expect(text).toContain(file.format === 'xml' ? ESCAPED_D : "Front desk & <lobby> \"A\" 'B'");
        // Written after every value of the template's settings section: the last setting (d) ends
        // the file (text) or is followed by the end of its element (XML).
        const afterD = text.slice(text.indexOf('Front desk'));
        expect(afterD.slice(afterD.indexOf('\n'))).toMatch(file.format === 'xml' ? /^\n\s*(<\/|\/>)/ : /^\n$/);
        expect(text.indexOf('global-a')).toBeLessThan(text.indexOf('model-b'));
        expect(text.indexOf('model-b')).toBeLessThan(text.indexOf('phone-c'));
        await expect(text).toMatchFileSnapshot(`__golden__/settings/${vendorId}/${model}/${name}`);
      }
    });
  }

  it('the merged list in the context: global, then model, then phone; a common file gets global and model only', () => {
    const vendor = registry.get('yealink')!;
    const input = { vendor: vendor.descriptor, modelName: 'T46U', model: vendor.descriptor.models.T46U!, server: { httpPort: 8080, defaultTimezone: 'UTC' } };
    const network = { enable_ipv6: true, udp_port: 5060, tcp_port: 5063, tls_port: 5061, vendor_settings: { yealink: { global: { 'x.a': '1', 'x.b': '1' }, models: { T46U: { 'x.b': '2', 'x.c': '2' }, T48U: { 'x.d': 'other model' } } } } };
    const common = buildContext({ ...input, network }).context.settings.map((s) => [s.key, s.value]);
    expect(common).toEqual([['x.a', '1'], ['x.b', '2'], ['x.c', '2']]);
  });

  it('a stored setting the descriptor no longer accepts is dropped with a warning, never written', () => {
    const { text, warnings } = renderVendorFile('yealink', 'T46U', 'device', 'full', (input) => {
      (input as { phone: unknown }).phone = { ...input.phone, settings: { 'account.1.password': 'stolen', 'ok.key': 'a\nstatic.auto_provision.server.url = http://evil/' } };
    });
    expect(text).not.toContain('stolen');
    expect(text).not.toContain('evil');
    expect(warnings).toEqual([
      'yealink: setting "account.1.password" is managed by the server and cannot be overridden; dropped',
      'yealink: setting "ok.key" must not contain control characters or line breaks; dropped',
    ]);
  });
});
