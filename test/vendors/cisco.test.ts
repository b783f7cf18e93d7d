/** Cisco MPP (68xx/78xx/88xx 3PCC): identification, the <PSN>.xml and per-MAC flat profiles. */
import { spawnSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { createRedirectDirectory, REDIRECT_SERVICES } from '../../src/redirect/index.js';
import { FULL_DEVICE_PASSWORD } from '../helpers/render-fixture.js';
import { hasTool } from '../helpers/system-tool.js';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const cisco = registry.get('cisco')!;
const MAC = '00562ba1b2c3' as Mac;
const XMLLINT = hasTool('xmllint', ['--version'], 'REQUIRE_XMLLINT', 'libxml2-utils');
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

/** The elements of a rendered flat profile as a map (name => text). */
function profile(model: string, fileId = 'device', fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void): Map<string, string> {
  const { text } = renderVendorFile('cisco', model, fileId, fixture, edit);
  const flat = parser.parse(text)['flat-profile'] as Record<string, unknown>;
  return new Map(Object.entries(flat ?? {}).map(([k, v]) => [k, String(v)]));
}

describe('Cisco MPP identification and files', () => {
  it('lists the 68xx, 78xx and 88xx multiplatform phones with their lines and line keys', () => {
    const models = cisco.descriptor.models;
    for (const m of ['6821', '6841', '6851', '6861', '6871', '7811', '7821', '7832', '7841', '7861', '8811', '8841', '8845', '8851', '8861', '8865']) {
      expect(models[m], m).toMatchObject({ psn: `${m}-3PCC` });
    }
    expect(models['7861']).toMatchObject({ lines: 16, keys: 16, type: 'desk' });
    expect(models['7832']).toMatchObject({ keys: 0, type: 'conference' });
  });

  it('is found by its OUI and by the User-Agent the phones send', () => {
    expect(registry.byOui(MAC).map((v) => v.id)).toEqual(['cisco']);
    expect(registry.byUserAgent('Cisco-CP-8841-3PCC/11.0.1 (00562baabbcc)')?.id).toBe('cisco');
    expect(registry.byUserAgent('Cisco/SPA508G-7.4.8a (0002FDAABBCC)(CBT1414xxxx)')?.id).not.toBe('cisco');
  });

  it('serves <PSN>.xml as the common file and <mac>.xml per phone, names in any case', () => {
    expect(registry.filesFor('cisco', '8841', MAC).map((f) => [f.name, f.common])).toEqual([['8841-3PCC.xml', true], ['00562ba1b2c3.xml', false]]);
    expect(registry.matchFile('8841-3pcc.xml').find((m) => m.vendor.id === 'cisco')).toMatchObject({ file: { id: 'common' } });
    expect(registry.matchFile('00562BA1B2C3.XML').find((m) => m.vendor.id === 'cisco')).toMatchObject({ file: { id: 'device' }, mac: MAC });
  });

  it('declares why no redirect service is used, and reads the MAC of device certificates from the subject ST', () => {
    expect(createRedirectDirectory(REDIRECT_SERVICES).forVendor(cisco)).toMatchObject({ supported: false });
    expect(cisco.descriptor.client_cert?.mac_from).toBe('subject.ST');
    expect(new RegExp(cisco.descriptor.client_cert!.pattern).exec('000e08abcdef')?.groups?.mac).toBe('000e08abcdef');
  });
});

describe('Cisco <PSN>.xml (common)', () => {
  it('sends the phone on to its per-MAC file without any secret', () => {
    const { text } = renderVendorFile('cisco', '8851', 'common');
    expect(profile('8851', 'common').get('Profile_Rule_B')).toBe('/$MA.xml');
    expect(text).not.toContain('p&amp;ss');
    expect(text).not.toContain(FULL_DEVICE_PASSWORD);
    expect(text).not.toContain('Password');
  });
});

describe('Cisco <mac>.xml', () => {
  const full = profile('8841');

  it('registers line 1 over TLS at the SIP domain through the PBX as outbound proxy', () => {
    expect([full.get('User_ID_1_'), full.get('Auth_ID_1_'), full.get('Password_1_')]).toEqual(['2001', '2001', 'p&ss<w>rd"\'=;#1']);
    expect(full.get('Display_Name_1_')).toBe("Jane O'Brien & <Co>");
    expect([full.get('Proxy_1_'), full.get('Outbound_Proxy_1_'), full.get('Use_Outbound_Proxy_1_')]).toEqual(['example.com', 'pbx.example.com:5061', 'Yes']);
    expect(full.get('SIP_Transport_1_')).toBe('TLS');
    const minimal = profile('7811', 'device', 'minimal');
    expect([minimal.get('Proxy_1_'), minimal.get('Use_Outbound_Proxy_1_'), minimal.get('SIP_Transport_1_')]).toEqual(['192.168.1.10:5060', 'No', 'UDP']);
  });

  it('orders the preferred codecs as the phone lists them and enables only those', () => {
    expect(['Preferred_Codec_1_', 'Second_Preferred_Codec_1_', 'Third_Preferred_Codec_1_'].map((k) => full.get(k))).toEqual(['OPUS', 'G722', 'G711a']);
    expect(['OPUS', 'G722', 'G711a', 'G711u', 'G729a', 'iLBC'].map((c) => full.get(`${c}_Enable_1_`))).toEqual(['Yes', 'Yes', 'Yes', 'Yes', 'Yes', 'No']);
  });

  it('puts line 1 on key 1, BLFs after it and switches the remaining keys off', () => {
    expect(full.get('Extension_1_')).toBe('1');
    expect(full.get('Extended_Function_2_')).toBe('fnc=blf+sd+cp;sub=2002@example.com;nme=Bob Smith');
    expect(full.get('Short_Name_2_')).toBe('Bob Smith');
    expect([full.get('Extension_10_'), full.get('Extended_Function_10_')]).toEqual(['Disabled', '']);
    expect(full.has('Extension_11_')).toBe(false);
    expect(profile('7811').has('Extension_1_')).toBe(false);
  });

  it('writes the time zone with its DST rule, VLANs, LLDP and the admin password', () => {
    expect(full.get('Time_Zone')).toBe('GMT+01:00');
    expect(full.get('Daylight_Saving_Time_Rule')).toBe('start=3/-1/7/2:00;end=10/-1/7/3:00;save=1');
    const ny = profile('6841', 'device', 'full', (i) => Object.assign(i.phone, { timezone: 'America/New_York' }));
    expect([ny.get('Time_Zone'), ny.get('Daylight_Saving_Time_Rule')]).toEqual(['GMT-05:00', 'start=3/8/7/2:00;end=11/1/7/2:00;save=1']);
    const minimal = profile('6841', 'device', 'minimal');
    expect([minimal.get('Time_Zone'), minimal.get('Daylight_Saving_Time_Enable')]).toEqual(['GMT+00:00', 'No']);
    expect([full.get('Enable_VLAN'), full.get('VLAN_ID'), full.get('Enable_PC_Port_VLAN_Tagging'), full.get('PC_Port_VLAN_ID')]).toEqual(['Yes', '100', 'Yes', '200']);
    expect(full.get('Admin_Password')).toBe('Adm1n&<pw>');
  });

  it('points the profile rule at the phone folder and adds the provisioning credentials when written', () => {
    expect(profile('8861', 'device', 'minimal').get('Profile_Rule')).toMatch(/^http:\/\/192\.168\.1\.10:8080\/provision\/Tok3n\w+\/\$MA\.xml$/);
    const withAuth = profile('8861', 'device', 'full', (i) => Object.assign(i, { deviceCredentials: { username: 'dev-u', password: 'dev-p' } }));
    expect(withAuth.get('Profile_Rule')).toMatch(/^\[--uid dev-u --pwd dev-p\] https?:\/\/\S+\/\$MA\.xml$/);
  });

  it.skipIf(!XMLLINT)('renders every model as XML that xmllint accepts', () => {
    for (const model of Object.keys(cisco.descriptor.models)) {
      for (const file of ['common', 'device']) {
        const { text } = renderVendorFile('cisco', model, file);
        const r = spawnSync('xmllint', ['--noout', '-'], { input: text, encoding: 'utf8' });
        expect(r.status, `${model} ${file}: ${r.stderr}`).toBe(0);
      }
    }
  });
});
