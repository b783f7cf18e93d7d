/** File-name patterns, OUI and User-Agent identification, over the acme fixture vendor. */
import { describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { compileFilePattern } from '../../src/vendors/file-pattern.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { FIXTURE_TEMPLATES } from '../helpers/phone-path.js';

const registry = createVendorRegistry(loadVendors(FIXTURE_TEMPLATES));
const models = { A: { display_name: 'A', lines: 1, keys: 0, type: 'desk' as const, code: '028' }, B: { display_name: 'B', lines: 1, keys: 0, type: 'desk' as const } };

describe('file patterns', () => {
  it('extracts the canonical MAC whatever the case of the name', () => {
    const p = compileFilePattern('SEP{MAC}.cnf.xml', models);
    expect(p.match('SEP001565AABBCC.cnf.xml')).toEqual({ mac: '001565aabbcc' });
    expect(p.match('sep001565aabbcc.CNF.XML')).toEqual({ mac: '001565aabbcc' });
    expect(p.match('SEP001565AABBC.cnf.xml')).toBeUndefined();
    expect(p.match('SEPx001565AABBCC.cnf.xml')).toBeUndefined();
  });

  it('refuses a group (multicast) MAC in a file name', () => {
    expect(compileFilePattern('{mac}.cfg', models).match('010203040506.cfg')).toBeUndefined();
  });

  it('treats dots in the pattern literally', () => {
    expect(compileFilePattern('{mac}.cfg', models).match('001565aabbccxcfg')).toBeUndefined();
  });

  it('maps a model attribute back to its model and spells it', () => {
    const p = compileFilePattern('y000000000{model.code}.cfg', models);
    expect(p.match('y000000000028.cfg')).toEqual({ model: 'A' });
    expect(p.match('y000000000029.cfg')).toBeUndefined();
    expect(p.spell('001565aabbcc' as Mac, 'A')).toBe('y000000000028.cfg');
    expect(p.spell('001565aabbcc' as Mac, 'B')).toBeUndefined();
  });

  it('spells upper-case MACs for {MAC}', () => {
    expect(compileFilePattern('{MAC}.xml', models).spell('001565aabbcc' as Mac, 'A')).toBe('001565AABBCC.xml');
  });
});

describe('vendor registry', () => {
  it('matches per-phone and per-model common files', () => {
    const [device] = registry.matchFile('acme0a0b0ca1b2c3.xml');
    const [common] = registry.matchFile('ACME-X2.cfg');
    expect(device).toMatchObject({ file: { id: 'device' }, mac: '0a0b0ca1b2c3' });
    expect(device!.vendor.id).toBe('acme');
    expect(common).toMatchObject({ file: { id: 'common' }, model: 'X2' });
    expect(registry.matchFile('unknown.cfg')).toEqual([]);
  });

  it('identifies the vendor by OUI and by User-Agent', () => {
    expect(registry.byOui('0a0b0c123456' as Mac).map((v) => v.id)).toEqual(['acme']);
    expect(registry.byOui('001565123456' as Mac)).toEqual([]);
    expect(registry.byUserAgent('Acme-X1 1.2.3 0a0b0c123456')?.id).toBe('acme');
    expect(registry.byUserAgent('Yealink SIP-T46S')).toBeUndefined();
  });

  it('lists a phone\'s files in boot order with their names', () => {
    const files = registry.filesFor('acme', 'X2', '0a0b0c123456' as Mac);
    expect(files.map((f) => [f.name, f.common])).toEqual([['acme-x2.cfg', true], ['acme0a0b0c123456.xml', false]]);
  });

  it('lists models with their filename', () => {
    expect(registry.models().map((m) => m.filename)).toEqual(['acme/X1', 'acme/X2']);
    expect(registry.byFilename('ACME/x2')?.model).toBe('X2');
  });
});
