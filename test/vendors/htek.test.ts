/** Htek UC9xx: identification, the per-MAC XML file, and its P-values (account, keys, time, provisioning). */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { REDIRECT_SERVICES, createRedirectDirectory, phoneRedirectUrl } from '../../src/redirect/index.js';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const htek = registry.get('htek')!;
const MAC = '001fc1a1b2c3' as Mac;
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

/** The `<Pnnnn>` values of a rendered cfg<mac>.xml as a map (P-number => text). */
function params(model: string, fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void): Map<string, string> {
  const { text } = renderVendorFile('htek', model, 'device', fixture, edit);
  const config = parser.parse(text).hl_provision.config as Record<string, unknown>;
  return new Map(Object.entries(config).map(([k, v]) => [k, String(v)]));
}

describe('Htek identification and files', () => {
  it('lists the UC9xx desk phones with their accounts and line keys', () => {
    const models = htek.descriptor.models;
    expect(Object.keys(models)).toEqual(expect.arrayContaining(['UC902', 'UC903', 'UC912', 'UC923', 'UC924', 'UC926']));
    expect(models.UC926).toMatchObject({ lines: 16, keys: 36, type: 'desk' });
    expect(models.UC902).toMatchObject({ lines: 4, keys: 0 });
  });

  it('is found by its OUI and by the User-Agent the phones send', () => {
    expect(registry.byOui(MAC).map((v) => v.id)).toEqual(['htek']);
    expect(registry.byUserAgent('Htek UC903 2.0.4.2 00:1f:c1:1c:22:a9')?.id).toBe('htek');
    expect(registry.byUserAgent('Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b82aabbcc')?.id).not.toBe('htek');
  });

  it('serves cfg<mac>.xml only: not the binary cfg<mac>, nor a per-model cfg<code>.xml', () => {
    expect(registry.filesFor('htek', 'UC924', MAC).map((f) => [f.name, f.common])).toEqual([['cfg001fc1a1b2c3.xml', false]]);
    const match = registry.matchFile('CFG001FC1A1B2C3.XML').find((m) => m.vendor.id === 'htek');
    expect(match).toMatchObject({ file: { id: 'device' }, mac: MAC });
    expect(registry.matchFile('cfg001fc1a1b2c3').some((m) => m.vendor.id === 'htek')).toBe(false);
    expect(registry.matchFile('cfg0012.xml').some((m) => m.vendor.id === 'htek')).toBe(false);
  });

  it('is ready for the Htek redirect service, which holds the folder URL', () => {
    const directory = createRedirectDirectory(REDIRECT_SERVICES);
    expect(() => directory.check([htek])).not.toThrow();
    const services = directory.forVendor(htek);
    expect(services).toMatchObject({ supported: true, services: [{ id: 'htek' }] });
    const files = registry.filesFor('htek', 'UC912', MAC);
    expect(phoneRedirectUrl('https://p.example/AbC/', directory.get('htek')!, services, files)).toBe('https://p.example/AbC/');
  });
});

describe('Htek cfg<mac>.xml', () => {
  const full = params('UC924');

  it('registers account 1 over TLS at the SIP domain through the PBX as outbound proxy', () => {
    expect([full.get('P271'), full.get('P35'), full.get('P36'), full.get('P34')]).toEqual(['1', '2001', '2001', 'p&ss<w>rd"\'=;#1']);
    expect(full.get('P3')).toBe("Jane O'Brien & <Co>");
    expect(full.get('P47')).toBe('example.com');
    expect(full.get('P48')).toBe('pbx.example.com:5061');
    expect(full.get('P130')).toBe('2');
    const minimal = params('UC902', 'minimal');
    expect([minimal.get('P47'), minimal.get('P48'), minimal.get('P130')]).toEqual(['192.168.1.10:5060', '', '0']);
  });

  it('fills the six codec choices with payload numbers, dropping codecs Htek has no number for', () => {
    // full: OPUS (dropped), G722, PCMA, PCMU, G729; unused choices repeat the first.
    expect(['P57', 'P58', 'P59', 'P60', 'P61', 'P62'].map((p) => full.get(p))).toEqual(['9', '8', '0', '18', '9', '9']);
  });

  it('puts the line of account 1 on key 1, BLFs after it and switches the other keys off', () => {
    expect([full.get('P41200'), full.get('P41400')]).toEqual(['1', '2001']);
    expect([full.get('P41201'), full.get('P41301'), full.get('P41401')]).toEqual(['3', '2002', 'Bob Smith']);
    expect([full.get('P41203'), full.get('P41303'), full.get('P41603')]).toEqual(['3', '2004', '*82004']);
    // Key 5 is the first of the P20200 block (five values per key); key 28 the UC924's last.
    expect([full.get('P20200'), full.get('P20315')]).toEqual(['0', '0']);
    expect(full.has('P20320')).toBe(false);
    expect([...params('UC902').keys()].some((p) => p.startsWith('P412'))).toBe(false);
  });

  it('writes VLANs, LLDP, the time-zone index with automatic DST, formats, LED and web password', () => {
    expect([full.get('P24053'), full.get('P51'), full.get('P87'), full.get('P24054'), full.get('P229'), full.get('P5438')]).toEqual(['1', '100', '5', '1', '200', '1']);
    expect([full.get('P64'), full.get('P75'), full.get('P102'), full.get('P8624'), full.get('P3734')]).toEqual(['49', '2', '2', '0', '1']);
    expect([full.get('P8681'), full.get('P2')]).toEqual(['admin', 'Adm1n&<pw>']);
  });

  it.each([['America/New_York', '18'], ['America/Chicago', '14'], ['America/Los_Angeles', '6'], ['Asia/Kolkata', '84'], ['Asia/Kathmandu', '33']])(
    'gives %s the time-zone index %s',
    (timezone, index) => {
      expect(params('UC912', 'full', (i) => Object.assign(i.phone, { timezone })).get('P64')).toBe(index);
    }
  );

  it('sets no DST for a zone without one and points P237 at the folder without its trailing slash', () => {
    const minimal = params('UC926', 'minimal');
    expect([minimal.get('P64'), minimal.get('P75')]).toEqual(['33', '0']);
    expect(minimal.get('P237')).toMatch(/^http:\/\/192\.168\.1\.10:8080\/provision\/Tok3n\w+$/);
  });
});

// Issue 14: the network's call-pickup code goes where Htek has a setting for it.
describe('Htek call pickup', () => {
  it('writes the network\'s call-pickup code as account 1\'s direct call-pickup code (P4705), nothing without one', () => {
    expect(params('UC926', 'full', (i) => Object.assign(i.network, { call_pickup_code: '**' })).get('P4705')).toBe('**');
    expect(params('UC926').has('P4705')).toBe(false);
  });
});
