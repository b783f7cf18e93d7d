/** Grandstream: identification (User-Agent, cfg<mac> names) and content checks on the rendered XML. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const grandstream = registry.get('grandstream')!;

function render(model: string, fileId = 'device', fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void) {
  return renderVendorFile('grandstream', model, fileId, fixture, edit);
}

/** The P-values of a rendered file, decoded (entities resolved), as strings. */
function pvalues(text: string): { mac: string; p: Map<string, string> } {
  const doc = new XMLParser({ parseTagValue: false, processEntities: true, htmlEntities: true }).parse(text);
  const config = doc.gs_provision.config as Record<string, unknown>;
  const p = new Map<string, string>();
  for (const [k, v] of Object.entries(config)) p.set(k, String(v));
  return { mac: String(doc.gs_provision.mac), p };
}

describe('Grandstream identification', () => {
  it.each([
    'Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b82aabbcc',
    'Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad112233',
    'Grandstream Model HW GRP2614 SW 1.0.5.15 DevId c074ad0b63ee',
    'Grandstream Model HW GXV3350  V1.3A SW 1.0.1.8 DevId c074ad150b88',
    'Grandstream GXP2000 (gxp2000e.bin:1.2.5.3/boot55e.bin:1.1.6.9) DevId 000b822726c8',
  ])('recognises the User-Agent %s', (ua) => {
    expect(registry.byUserAgent(ua)?.id).toBe('grandstream');
  });

  it('does not claim other vendors\' User-Agents', () => {
    expect(registry.byUserAgent('Yealink SIP-T46U 108.86.0.90 80:5e:c0:11:22:33')?.id).not.toBe('grandstream');
    expect(registry.byUserAgent('Htek UC903 2.0.4.2 00:1f:c1:aa:bb:cc')?.id).not.toBe('grandstream');
  });

  it.each([
    ['cfg000b82aabbcc', 'device-noext'],
    ['cfg000B82AABBCC', 'device-noext'],
    ['cfg000b82aabbcc.xml', 'device'],
    ['cfgC074AD112233.XML', 'device'],
  ])('matches %s to %s with the canonical MAC', (name, id) => {
    const match = registry.matchFile(name).find((m) => m.vendor.id === 'grandstream');
    expect(match?.file.id).toBe(id);
    expect(match?.mac).toBe(name.slice(3, 15).toLowerCase());
  });

  it('lists the files in the order the phone asks for them, for at least 8 models', () => {
    const models = Object.keys(grandstream.descriptor.models);
    expect(models.length).toBeGreaterThanOrEqual(8);
    for (const model of models) {
      expect(registry.filesFor('grandstream', model, 'c074ad112233' as never).map((f) => f.name)).toEqual([
        'cfgc074ad112233',
        'cfgc074ad112233.xml',
      ]);
    }
  });

  it('serves no common cfg<model>.xml / cfg.xml (they could override the per-phone file)', () => {
    expect(registry.matchFile('cfggxp2170.xml').filter((m) => m.vendor.id === 'grandstream')).toEqual([]);
    expect(registry.matchFile('cfg.xml').filter((m) => m.vendor.id === 'grandstream')).toEqual([]);
  });
});

describe('Grandstream rendered file', () => {
  const { text, name } = render('GXP2170');
  const { mac, p } = pvalues(text);

  it('is gs_provision XML naming the phone MAC, the same under both file names', () => {
    expect(name).toBe('cfg000b82a1b2c3.xml');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(text).toContain('<gs_provision version="1">');
    expect(text).toContain('<config version="1">');
    expect(mac).toBe('000b82a1b2c3');
    expect(render('GXP2170', 'device-noext').text).toBe(text);
  });

  it('escapes the display name and password in XML and decodes back to the originals', () => {
    expect(text).toContain('<P34>p&amp;ss&lt;w&gt;rd&quot;');
    expect(p.get('P34')).toBe('p&ss<w>rd"\'=;#1');
    expect(p.get('P3')).toBe('Jane O\'Brien & <Co>');
    expect(p.get('P270')).toBe('Jane O\'Brien & <Co>');
    expect(p.get('P2')).toBe('Adm1n&<pw>');
  });

  it('maps the account with TLS (P130=2), the SIP domain and the proxy on port 5061', () => {
    expect(p.get('P271')).toBe('1');
    expect(p.get('P35')).toBe('2001');
    expect(p.get('P36')).toBe('2001');
    expect(p.get('P47')).toBe('example.com');
    expect(p.get('P48')).toBe('pbx.example.com:5061');
    expect(p.get('P130')).toBe('2');
    expect(p.get('P33')).toBe('*97');
  });

  it('puts the server and port in P47 when the SIP domain is the server (minimal, UDP)', () => {
    const min = pvalues(render('GRP2614', 'device', 'minimal').text).p;
    expect(min.get('P47')).toBe('192.168.1.10:5060');
    expect(min.get('P130')).toBe('0');
  });

  it('fills the vocoder slots in priority order, repeating the first choice', () => {
    expect(['P57', 'P58', 'P59', 'P60', 'P61', 'P62', 'P46', 'P98'].map((k) => p.get(k))).toEqual(['123', '9', '8', '0', '18', '123', '123', '123']);
  });

  it('sets VLAN 100/5 and PC 200/1, LLDP, transfer ATTENDED, GERMAN and the POSIX time zone', () => {
    expect(p.get('P51')).toBe('100');
    expect(p.get('P87')).toBe('5');
    expect(p.get('P229')).toBe('200');
    expect(p.get('P230')).toBe('1');
    expect(p.get('P1684')).toBe('1');
    expect(p.get('P8390')).toBe('1');
    expect(p.get('P1362')).toBe('de');
    expect(p.get('P64')).toBe('customize');
    expect(p.get('P246')).toBe('CET-1CEST,M3.5.0,M10.5.0/3');
    expect(p.get('P102')).toBe('2');
    expect(p.get('P122')).toBe('1');
  });

  it('programs BLF keys on VPK 2.. (mode 11 on the GXP2170\'s fixed VPKs, account 1) with labels and extensions', () => {
    expect(p.get('P1365')).toBe('11');
    expect(p.get('P1366')).toBe('0');
    expect(p.get('P1467')).toBe('Bob Smith');
    expect(p.get('P1468')).toBe('2002');
    expect(p.get('P1469')).toBe('Carol');
    expect(p.get('P1472')).toBe('2004');
    expect(p.has('P1363')).toBe(false); // VPK 1 stays the line key
  });

  it('numbers VPK 7 and later from P23800', () => {
    const many = render('GXP2170', 'device', 'full', (i) => {
      (i.user as { blfs: unknown[] }).blfs = Array.from({ length: 8 }, (_, n) => ({ key: String(3000 + n), first_name: `K${n}` }));
    });
    const q = pvalues(many.text).p;
    expect(q.get('P1373')).toBe('11'); // VPK 6 (5th BLF), a fixed VPK
    expect(q.get('P1476')).toBe('3004');
    expect(q.get('P23800')).toBe('11'); // VPK 7 (6th BLF), still fixed on the GXP2170 (1-12)
    expect(q.get('P23802')).toBe('K5');
    expect(q.get('P23803')).toBe('3005');
    expect(q.get('P23807')).toBe('3006'); // VPK 8
  });

  it('drops unknown ringtones with a warning and passes valid ones', () => {
    const r = render('GXP2170');
    expect(pvalues(r.text).p.has('P104')).toBe(false);
    expect(r.warnings.some((w) => w.includes('ringtone'))).toBe(true);
    const ok = pvalues(render('GXP2170', 'device', 'full', (i) => Object.assign(i.phone, { ringtone: '2' })).text).p;
    expect(ok.get('P104')).toBe('2');
  });

  it('re-points the config server to the phone\'s provisioning folder, without a trailing slash (the phone appends /cfg<mac>.xml)', () => {
    expect(p.get('P237')).toMatch(/^http:\/\/pbx\.example\.com:8080\/provision\/Tok3n\w+$/);
  });
});

// Issue 11: GDS door systems get their own template (files[].types selects it by model type).
describe('Grandstream GDS door systems', () => {
  const gds = ['GDS3702', 'GDS3705', 'GDS3710', 'GDS3712'];
  const codes = (door_password1?: string, door_password2?: string) => (i: FixtureInput) => Object.assign(i.phone, { door_password1, door_password2 });

  it('are door models whose two cfg<mac> names render the door template, desk models keep theirs', () => {
    for (const model of gds) {
      expect(grandstream.descriptor.models[model]?.type).toBe('door');
      expect(registry.filesFor('grandstream', model, '000b82a1b2c3' as never).map((f) => [f.file.id, f.file.template])).toEqual([
        ['door-noext', 'gds.hbs'],
        ['door', 'gds.hbs'],
      ]);
    }
    expect(registry.filesFor('grandstream', 'GXP2170', '000b82a1b2c3' as never).map((f) => f.file.template)).toEqual(['device.hbs', 'device.hbs']);
  });

  it('registers account 1 in the P-values of the GDS account block, DTMF as RFC 2833', () => {
    const { mac, p } = pvalues(render('GDS3710', 'door').text);
    expect(mac).toBe('000b82a1b2c3');
    expect(Object.fromEntries(['P271', 'P35', 'P36', 'P34', 'P47', 'P48', 'P130', 'P2302'].map((k) => [k, p.get(k)]))).toEqual({
      P271: '1', P35: '2001', P36: '2001', P34: 'p&ss<w>rd"\'=;#1', P47: 'example.com', P48: 'pbx.example.com:5061', P130: '2', P2302: '1',
    });
  });

  it('writes the remote PINs (P10457, P15460 for the second door) and enables DTMF opening', () => {
    const { p } = pvalues(render('GDS3710', 'door').text);
    expect([p.get('P14858'), p.get('P10457'), p.get('P15460')]).toEqual(['1', '1234', '87654321']);
    const one = pvalues(render('GDS3705', 'door', 'full', codes('24681357')).text).p;
    expect([one.get('P10457'), one.has('P15460')]).toEqual(['24681357', false]);
  });

  it('writes no door P-values when the phone has no code', () => {
    const { p } = pvalues(render('GDS3712', 'door', 'minimal').text);
    expect(['P14858', 'P10457', 'P15460'].some((k) => p.has(k))).toBe(false);
  });

  it.each([
    [['PCMA', 'PCMU'], '2'],
    [['OPUS', 'G722'], '4'],
    [['OPUS', 'G729'], undefined],
  ])('sets the one preferred codec P14000 from the phone\'s first two codecs %j', (list, value) => {
    const { p } = pvalues(render('GDS3702', 'door', 'full', (i) => Object.assign(i.phone, { codecs: list })).text);
    expect(p.get('P14000')).toBe(value);
  });

  it('points config provisioning at the phone\'s folder over HTTP (P212 1)', () => {
    const { p } = pvalues(render('GDS3710', 'door').text);
    expect(p.get('P212')).toBe('1');
    expect(p.get('P237')).toMatch(/\/provision\/Tok3n\w+$/);
  });
});
