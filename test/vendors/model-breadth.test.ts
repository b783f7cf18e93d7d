/**
 * Model breadth of the existing vendors (issue 14 §2): the current models are listed, each
 * common-file name names exactly one model (the added Yealink codes resolve to their model), and
 * the added layouts render as their sources describe (keyless phones, GXP17xx VPK ranges,
 * Fanvil variants without a common file of their own).
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const MAC = '001565aabbcc' as never;

/** Models added for issue 14 §2, per vendor (the vendor READMEs give each one's source). */
const ADDED: Record<string, readonly string[]> = {
  yealink: [
    'T31W', 'T73U', 'T73W', 'T74U', 'T74W', 'T77U', 'T85W', 'T87W', 'T88W', 'AX83H', 'CP920', 'CP925', 'CP965',
    'T27G', 'T52S', 'T54S', 'T56A', 'T58A', 'CP860', 'CP960', 'AX86R',
  ],
  grandstream: ['GRP2601', 'GRP2602', 'GXP1760', 'GXP1780', 'GXP1782', 'GXP1610', 'GXP1615', 'GXP1620', 'GXP1625', 'GXP1628', 'GXP1630', 'WP810', 'WP820'],
  snom: [
    'D140', 'D150', 'D305', 'D315', 'D335', 'D345', 'D375', 'D385', 'D710', 'D712', 'D715', 'D725', 'D745', 'D765', 'D810', 'D892',
    '710', '715', '720', '725', '760',
  ],
  fanvil: ['X210-Pro', 'X210-V2', 'X210i', 'X3SG', 'X3SG-Pro'],
  poly: ['VVX101', 'VVX201', 'VVX300', 'VVX301', 'VVX310', 'VVX311', 'VVX400', 'VVX401', 'VVX410', 'VVX411', 'VVX500', 'VVX600', 'VVX1500'],
  htek: ['UC802T', 'UC803T', 'UC804T', 'UC806T', 'UC840P', 'UC842', 'UC860P', 'UC862'],
};

/** Gives the user `count` BLF keys (3000, 3001, ...). */
const blfs = (count: number) => (i: FixtureInput) => {
  (i.user as { blfs: unknown[] }).blfs = Array.from({ length: count }, (_, n) => ({ key: String(3000 + n) }));
};

describe('model lists of the existing vendors', () => {
  it.each(Object.entries(ADDED))('%s lists its current models, each with lines and keys', (vendorId, models) => {
    const listed = registry.get(vendorId)!.descriptor.models;
    for (const model of models) {
      expect(listed[model], `${vendorId} ${model}`).toBeDefined();
      expect(listed[model]!.lines).toBeGreaterThanOrEqual(1);
      expect(listed[model]!.keys).toBeGreaterThanOrEqual(0);
    }
  });

  // Before issue 14 §2: Yealink 17, Fanvil 17, Grandstream 14, Snom 9 models; Poly 11 and Htek 10
  // when their folders were added.
  it.each([
    ['yealink', 17],
    ['fanvil', 17],
    ['grandstream', 14],
    ['snom', 9],
    ['poly', 11],
    ['htek', 10],
  ] as const)('%s counts its %i earlier models plus the added ones', (vendorId, before) => {
    expect(Object.keys(registry.get(vendorId)!.descriptor.models).length).toBeGreaterThanOrEqual(before + ADDED[vendorId]!.length);
  });

  it.each(['yealink', 'fanvil', 'snom'])('%s: every common-file name leads back to exactly its own model', (vendorId) => {
    for (const model of Object.keys(registry.get(vendorId)!.descriptor.models)) {
      const common = registry.filesFor(vendorId, model, MAC).filter((f) => f.file.id === 'common' || f.file.id === 'model');
      for (const { name } of common) {
        const owners = registry.matchFile(name).filter((m) => m.vendor.id === vendorId).map((m) => m.model);
        expect(owners, name).toEqual([model]);
      }
    }
  });
});

describe('Yealink common-file codes of the added models', () => {
  // Codes: FusionPBX's per-model common files (resources/templates/provision/yealink/<model>/).
  it.each([
    ['T31W', '172'], ['T73U', '186'], ['T73W', '183'], ['T74U', '187'], ['T74W', '184'], ['T77U', '188'],
    ['T85W', '196'], ['T87W', '197'], ['T88W', '192'], ['AX83H', '180'], ['CP920', '078'], ['CP925', '148'], ['CP965', '143'],
    ['T27G', '069'], ['T52S', '074'], ['T54S', '070'], ['T56A', '056'], ['T58A', '058'], ['CP860', '037'], ['CP960', '073'], ['AX86R', '182'],
  ])('%s boots from y000000000%s.cfg', (model, code) => {
    const boot = renderVendorFile('yealink', model, 'boot').text;
    expect(boot).toContain(`include:config "y000000000${code}.cfg"`);
    expect(registry.matchFile(`y000000000${code}.cfg`).map((m) => m.model)).toEqual([model]);
  });

  it.each(['CP920', 'CP925', 'CP965', 'AX83H', 'CP860', 'CP960', 'AX86R'])('%s (no line keys) gets no linekey setting, but its account', (model) => {
    const text = renderVendorFile('yealink', model, 'device', 'full', blfs(3)).text;
    expect(text).not.toMatch(/^linekey\./m);
    expect(text).toMatch(/^account\.1\.user_name = 2001$/m);
  });

  it('T88W writes line key 1 and BLFs on keys 2.. up to its 95 keys', () => {
    const text = renderVendorFile('yealink', 'T88W', 'device', 'full', blfs(100)).text;
    expect(text).toMatch(/^linekey\.1\.type = 15$/m);
    expect(text).toMatch(/^linekey\.95\.type = 16$/m);
    expect(text).not.toMatch(/^linekey\.96\./m);
  });
});

describe('Grandstream GXP17xx VPKs (Grandstream GXP17xx config template)', () => {
  function pvalues(text: string): Map<string, string> {
    const doc = new XMLParser({ parseTagValue: false }).parse(text);
    return new Map(Object.entries(doc.gs_provision.config as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  const modeKey = (vpk: number) => (vpk <= 6 ? `P${1363 + 2 * (vpk - 1)}` : `P${23800 + 4 * (vpk - 7)}`);

  it.each([
    ['GXP1760', 6, 24],
    ['GXP1780', 8, 32],
    ['GXP1782', 8, 32],
  ])('%s: BLF mode 11 on fixed VPKs 2-%i, mode 1 on dynamic VPKs up to %i, nothing after', (model, fixed, keys) => {
    const p = pvalues(renderVendorFile('grandstream', model, 'device', 'full', blfs(keys + 5)).text);
    expect(p.has(modeKey(1))).toBe(false);
    for (let vpk = 2; vpk <= keys; vpk++) expect(p.get(modeKey(vpk)), `VPK ${vpk}`).toBe(vpk <= fixed ? '11' : '1');
    expect(p.has(modeKey(keys + 1))).toBe(false);
  });

  it('GRP2601 (no programmable key) gets its account and no VPK', () => {
    const p = pvalues(renderVendorFile('grandstream', 'GRP2601', 'device', 'full', blfs(3)).text);
    expect(p.get('P35')).toBe('2001');
    expect([...p.keys()].filter((k) => k === 'P1365' || k === 'P1363')).toEqual([]);
  });
});

describe('Fanvil and Snom additions', () => {
  it('X210 variants get only their per-MAC file (the shared common file stays X210\'s)', () => {
    for (const model of ['X210-Pro', 'X210-V2', 'X210i']) {
      expect(registry.filesFor('fanvil', model, MAC).map((f) => f.file.id)).toEqual(['device']);
    }
    expect(registry.matchFile('F0V00X200000.cfg').map((m) => m.model)).toEqual(['X210']);
  });

  it('Snom D385 is asked for as snomD385.htm and renders its 48 keys', () => {
    expect(registry.matchFile('snomD385.htm').map((m) => m.model)).toEqual(['D385']);
    const text = renderVendorFile('snom', 'D385', 'device', 'full', blfs(60)).text;
    expect(text).toContain('<fkey idx="47"');
    expect(text).not.toContain('<fkey idx="48"');
  });
});
