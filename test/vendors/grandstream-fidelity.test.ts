/**
 * Grandstream fidelity (issue 14 §1): BLF key modes per VPK range, the Opus vocoder code, the
 * config-server protocol beside the path, and the BLF call-pickup prefix.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

function pvalues(text: string): Map<string, string> {
  const doc = new XMLParser({ parseTagValue: false, processEntities: true, htmlEntities: true }).parse(text);
  return new Map(Object.entries(doc.gs_provision.config as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** The P-value holding the key mode of VPK `vpk` (VPK 1-6: P1363 + 2(k-1); 7 and up: P23800 + 4(k-7)). */
function modeKey(vpk: number): string {
  return vpk <= 6 ? `P${1363 + 2 * (vpk - 1)}` : `P${23800 + 4 * (vpk - 7)}`;
}

/** Renders `model` for a user with as many BLFs as the model has VPKs. */
function withManyBlfs(model: string, edit?: (i: FixtureInput) => void): Map<string, string> {
  const keys = registry.get('grandstream')!.descriptor.models[model]!.keys;
  return pvalues(renderVendorFile('grandstream', model, 'device', 'full', (i) => {
    (i.user as { blfs: unknown[] }).blfs = Array.from({ length: keys }, (_, n) => ({ key: String(3000 + n) }));
    edit?.(i);
  }).text);
}

describe('Grandstream BLF key modes', () => {
  // Grandstream's GXP21xx templates: fixed VPKs (the line keys) take the line-key mode list
  // (0 Line, 1 Shared Line, 11 BLF); dynamic VPKs after them take the MPK list (1 BLF).
  it.each([
    ['GXP2130', 3, 12],
    ['GXP2135', 8, 32],
    ['GXP2140', 4, 16],
    ['GXP2160', 6, 24],
    ['GXP2170', 12, 48],
  ])('%s writes BLF mode 11 on fixed VPKs 2-%i and mode 1 on the dynamic VPKs up to %i', (model, fixed, keys) => {
    const p = withManyBlfs(model);
    expect(p.has(modeKey(1)), 'VPK 1 stays the line key').toBe(false);
    for (let vpk = 2; vpk <= keys; vpk++) {
      expect(p.get(modeKey(vpk)), `${model} VPK ${vpk}`).toBe(vpk <= fixed ? '11' : '1');
    }
  });

  it.each(['GRP2612', 'GRP2613', 'GRP2614', 'GRP2615', 'GRP2616'])('%s keeps mode 1 (BLF) on every VPK', (model) => {
    const p = withManyBlfs(model);
    const keys = registry.get('grandstream')!.descriptor.models[model]!.keys;
    for (let vpk = 2; vpk <= keys; vpk++) expect(p.get(modeKey(vpk)), `${model} VPK ${vpk}`).toBe('1');
  });

  it('keeps the per-model data in vendor.json (every desk model says where its fixed VPKs end)', () => {
    for (const [name, model] of Object.entries(registry.get('grandstream')!.descriptor.models)) {
      if (model.type !== 'desk') continue;
      expect(typeof model.fixed_vpks, name).toBe('number');
      expect([1, 11], name).toContain(model.fixed_vpk_blf_mode);
    }
  });
});

describe('Grandstream codecs, provisioning and pickup', () => {
  it('writes Opus as vocoder 123 (Grandstream\'s code), never 125', () => {
    const p = pvalues(renderVendorFile('grandstream', 'GXP2170', 'device', 'full', (i) => Object.assign(i.phone, { codecs: ['OPUS', 'PCMA'] })).text);
    expect(p.get('P57')).toBe('123');
    expect(p.get('P58')).toBe('8');
    expect([...p.values()]).not.toContain('125');
  });

  it('writes P212 (config upgrade via) with P237: 1 = HTTP for an http:// folder', () => {
    const p = pvalues(renderVendorFile('grandstream', 'GRP2614', 'device').text);
    expect(p.get('P237')).toMatch(/^http:\/\//);
    expect(p.get('P212')).toBe('1');
  });

  it('writes P212 = 2 (HTTPS) when the folder URL is https://', () => {
    const p = pvalues(renderVendorFile('grandstream', 'GXP2135', 'device', 'full', (i) => {
      Object.assign(i.phone, { https: true });
      Object.assign(i, { server: { ...i.server, httpsPort: 8443 } });
    }).text);
    expect(p.get('P237')).toMatch(/^https:\/\/.*:8443\//);
    expect(p.get('P212')).toBe('2');
  });

  it('writes the network\'s call-pickup code as the BLF call-pickup prefix (P1347), nothing without one', () => {
    const withCode = pvalues(renderVendorFile('grandstream', 'GXP2160', 'device', 'full', (i) => Object.assign(i.network, { call_pickup_code: '*8' })).text);
    expect(withCode.get('P1347')).toBe('*8');
    expect(pvalues(renderVendorFile('grandstream', 'GXP2160', 'device').text).has('P1347')).toBe(false);
  });
});
