/**
 * The models added to Poly, Htek, Grandstream and Snom for issue 14 §2 render within their own
 * key counts (the vendor READMEs give each count's source): keyless phones get their account and
 * no key, keyed phones stop at their last key, and each common-file name leads to its model.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

/** Gives the user `count` BLF keys (3000, 3001, ...). */
const blfs = (count: number) => (i: FixtureInput) => {
  (i.user as { blfs: unknown[] }).blfs = Array.from({ length: count }, (_, n) => ({ key: String(3000 + n) }));
};

describe('Poly VVX additions', () => {
  it.each([
    ['VVX101', 2],
    ['VVX300', 6],
    ['VVX410', 12],
    ['VVX600', 16],
  ] as const)('%s lists at most its %i line keys minus line 1 as BLFs', (model, keys) => {
    const text = renderVendorFile('poly', model, 'device', 'full', blfs(40)).text;
    expect(text).toContain(`attendant.resourceList.${keys - 1}.address="${3000 + keys - 2}"`);
    expect(text).not.toContain(`attendant.resourceList.${keys}.address`);
    expect(text).toMatch(/reg\.1\.auth\.userId="2001"/);
  });

  it('VVX1500 (no line keys in the source) gets its account and no BLF list', () => {
    const text = renderVendorFile('poly', 'VVX1500', 'device', 'full', blfs(3)).text;
    expect(text).not.toContain('attendant.resourceList');
    expect(text).toMatch(/reg\.1\.auth\.userId="2001"/);
  });
});

describe('Htek UC8xx additions', () => {
  it('UC862 writes line key 1 and BLFs up to its 14 keys, nothing after', () => {
    const text = renderVendorFile('htek', 'UC862', 'device', 'full', blfs(20)).text;
    expect(text).toContain('para="LineKey14.Type">3<');
    expect(text).not.toContain('LineKey15.');
  });

  it.each(['UC802T', 'UC803T'])('%s (no line keys) gets its account and no key', (model) => {
    const text = renderVendorFile('htek', model, 'device', 'full', blfs(3)).text;
    expect(text).not.toContain('LineKey');
    expect(text).toMatch(/<P35[^>]*>2001</);
  });
});

describe('Grandstream GXP16xx and WP8xx additions', () => {
  function pvalues(text: string): Map<string, string> {
    const doc = new XMLParser({ parseTagValue: false }).parse(text);
    return new Map(Object.entries(doc.gs_provision.config as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }

  it.each(['GXP1610', 'GXP1615', 'GXP1620', 'GXP1625', 'WP810', 'WP820'])('%s gets its account and no VPK', (model) => {
    const p = pvalues(renderVendorFile('grandstream', model, 'device', 'full', blfs(3)).text);
    expect(p.get('P35')).toBe('2001');
    expect([...p.keys()].filter((k) => /^P(136[3-9]|137\d|14[6-7]\d|23[7-9]\d\d)$/.test(k))).toEqual([]);
  });

  it.each(['GXP1628', 'GXP1630'])('%s puts BLF n on multi-purpose key n (P323.../P301...), 8 keys, no VPK', (model) => {
    const p = pvalues(renderVendorFile('grandstream', model, 'device', 'full', blfs(10)).text);
    expect([p.get('P323'), p.get('P301'), p.get('P302'), p.get('P303')]).toEqual(['1', '0', '3000', '3000']);
    expect([p.get('P329'), p.get('P319'), p.get('P320'), p.get('P321')]).toEqual(['1', '0', '3006', '3006']);
    expect([p.get('P353'), p.get('P354'), p.get('P355'), p.get('P356')]).toEqual(['1', '0', '3007', '3007']);
    expect([...p.values()]).not.toContain('3008');
    expect([...p.keys()].filter((k) => /^P(136[3-9]|137\d|14[6-7]\d|23[7-9]\d\d)$/.test(k))).toEqual([]);
  });

  it('a model without mpks (GXP2140) gets no multi-purpose key P-values', () => {
    const p = pvalues(renderVendorFile('grandstream', 'GXP2140', 'device', 'full', blfs(3)).text);
    expect(['P323', 'P301', 'P353'].filter((k) => p.has(k))).toEqual([]);
  });
});

describe('Snom 7xx additions', () => {
  it.each([
    ['710', 5],
    ['715', 5],
    ['720', 18],
    ['725', 18],
    ['760', 16],
  ] as const)('Snom %s is asked for as snom%s.htm and renders fkeys up to %i', (model, keys) => {
    expect(registry.matchFile(`snom${model}.htm`).map((m) => m.model)).toEqual([model]);
    const text = renderVendorFile('snom', model, 'device', 'full', blfs(30)).text;
    expect(text).toContain(`<fkey idx="${keys - 1}"`);
    expect(text).not.toContain(`<fkey idx="${keys}"`);
  });
});
