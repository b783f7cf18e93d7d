/** Gigaset DECT bases: identification, the one <MAC>.xml file (Nx70 `<provisioning>`, N510 `<ProviderFrame>`), and the redirect file URL. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { REDIRECT_SERVICES, createRedirectDirectory, phoneRedirectUrl } from '../../src/redirect/index.js';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const gigaset = registry.get('gigaset')!;
const MAC = '7c2f80a1b2c3' as Mac;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, isArray: (name) => ['param', 'SYMB_ITEM'].includes(name) });
type Edit = (i: FixtureInput) => void;

/** The `<param name value>` pairs of an Nx70 file. */
function nvm(model: string, fixture: 'minimal' | 'full' = 'full', edit?: Edit): Map<string, string> {
  const doc = parser.parse(renderVendorFile('gigaset', model, 'device', fixture, edit).text);
  return new Map((doc.provisioning.nvm.param as { name: string; value: string }[]).map((p) => [p.name, p.value]));
}

/** The `<SYMB_ITEM ID value>` pairs of an N510 profile, and the whole document. */
function symbItems(fixture: 'minimal' | 'full' = 'full') {
  const doc = parser.parse(renderVendorFile('gigaset', 'N510', 'device', fixture).text);
  const items = new Map((doc.ProviderFrame.Provider.SYMB_ITEM as { ID: string; value: string }[]).map((p) => [p.ID, p.value]));
  return { provider: doc.ProviderFrame.Provider, items };
}

describe('Gigaset identification and files', () => {
  it('lists the N510 and the Nx70 bases (N610, N670, N870, N870E) as DECT models', () => {
    expect(Object.keys(gigaset.descriptor.models)).toEqual(['N510', 'N610', 'N670', 'N870', 'N870E']);
    for (const caps of Object.values(gigaset.descriptor.models)) expect(caps).toMatchObject({ type: 'dect', keys: 0 });
  });

  it('is found by its OUIs and the User-Agents of both generations', () => {
    for (const mac of ['7c2f80a1b2c3', '589ec6a1b2c3', '002104a1b2c3']) expect(registry.byOui(mac as Mac).map((v) => v.id)).toEqual(['gigaset']);
    expect(registry.byUserAgent('Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80AABBCC')?.id).toBe('gigaset');
    expect(registry.byUserAgent('N510 IP PRO/42.245.00.000.000;7C2F80AABBCC')?.id).toBe('gigaset');
  });

  it('serves one per-MAC file, <MAC>.xml, matched in either case', () => {
    expect(registry.filesFor('gigaset', 'N870', MAC).map((f) => [f.name, f.common])).toEqual([['7C2F80A1B2C3.xml', false]]);
    for (const name of ['7C2F80A1B2C3.xml', '7c2f80a1b2c3.xml']) {
      expect(registry.matchFile(name).find((m) => m.vendor.id === 'gigaset')).toMatchObject({ file: { id: 'device' }, mac: MAC });
    }
  });

  it("gives both Gigaset redirect services the URL of this file (the phone fetches it as is)", () => {
    const directory = createRedirectDirectory(REDIRECT_SERVICES);
    expect(() => directory.check([gigaset])).not.toThrow();
    const services = directory.forVendor(gigaset);
    expect(services).toMatchObject({ supported: true, file: 'device', services: [{ id: 'gigaset-xmlrpc' }, { id: 'gigaset-grape' }] });
    for (const model of Object.keys(gigaset.descriptor.models)) {
      const files = registry.filesFor('gigaset', model, MAC);
      for (const id of ['gigaset-xmlrpc', 'gigaset-grape']) {
        expect(phoneRedirectUrl('https://p.example/AbC/', directory.get(id)!, services, files)).toBe('https://p.example/AbC/7C2F80A1B2C3.xml');
      }
    }
  });
});

describe('Gigaset Nx70 file (<provisioning version="1.1">)', () => {
  const full = nvm('N870');

  it('defines the PBX as SIP provider 0 over the phone\'s transport (TLS = 3)', () => {
    expect(full.get('SipProvider.0.Domain')).toBe('example.com');
    expect([full.get('SipProvider.0.ProxyServerAddress'), full.get('SipProvider.0.ProxyServerPort')]).toEqual(['pbx.example.com', '5061']);
    expect([full.get('SipProvider.0.RegServerAddress'), full.get('SipProvider.0.RegServerPort')]).toEqual(['pbx.example.com', '5061']);
    expect(full.get('SipProvider.0.TransportProtocol')).toBe('3');
    expect(nvm('N670', 'minimal').get('SipProvider.0.TransportProtocol')).toBe('1');
  });

  it('adds handset 1 with the SIP account, values unescaped after parsing', () => {
    const doc = parser.parse(renderVendorFile('gigaset', 'N870', 'device').text);
    expect(doc.provisioning.nvm.oper).toMatchObject({ name: 'add_hs', value: '00001', param: [{ name: 'hs.RegStatus', value: 'ToReg' }] });
    expect(full.get('SipAccount.00001.ProviderId')).toBe('0');
    expect([full.get('SipAccount.00001.UserName'), full.get('SipAccount.00001.AuthName')]).toEqual(['2001', '2001']);
    expect(full.get('SipAccount.00001.AuthPassword')).toBe('p&ss<w>rd"\'=;#1');
    expect(full.get('SipAccount.00001.DisplayName')).toBe("Jane O'Brien & <Co>");
  });

  it.each([['Europe/Berlin', 'Europe/Berlin'], ['Europe/Kyiv', 'Europe/Kiev'], ['UTC', 'Greenwich'], ['Asia/Kolkata', 'Greenwich'], ['America/Phoenix', 'America/Denver'], ['Australia/Perth', 'Asia/Hong_Kong']])(
    'gives %s the zone name %s the base knows',
    (timezone, name) => {
      expect(nvm('N610', 'full', (i) => Object.assign(i.phone, { timezone })).get('DmGlobal.0.TimeZone')).toBe(name);
    }
  );

  it('sets the web password and the direct URL of this file as provisioning server', () => {
    expect(full.get('WebUIAccounts.1.Password')).toBe('Adm1n&<pw>');
    expect(full.get('Provisioning.global.ProvisioningServer')).toMatch(/^http:\/\/pbx\.example\.com:8080\/provision\/Tok3n\w+\/7C2F80A1B2C3\.xml$/);
  });
});

describe('Gigaset N510 file (<ProviderFrame>)', () => {
  const { provider, items } = symbItems();

  it('names its own MAC and quotes string items as the base expects', () => {
    expect(provider.MAC_ADDRESS.value).toBe('7C2F80A1B2C3');
    expect(items.get('BS_IP_Data1.aucS_SIP_USER_ID')).toBe('"2001"');
    expect(items.get('BS_IP_Data1.aucS_SIP_PASSWORD')).toBe('"p&ss<w>rd"\'=;#1"');
    expect(items.get('BS_IP_Data1.aucS_SIP_DOMAIN')).toBe('"example.com"');
    expect(items.get('BS_IP_Data1.aucS_SIP_SERVER')).toBe('"pbx.example.com"');
  });

  it('uses the UDP port (no transport setting), the codec codes in order and the VLAN', () => {
    expect(items.get('BS_IP_Data1.uiI_SIP_SERVER_PORT')).toBe('5060');
    // full: OPUS (no N510 code, dropped), G722, PCMA, PCMU, G729
    expect(items.get('BS_IP_Data1.ucI_SIP_PREFERRED_VOCODER')).toBe('0x05,0x01,0x00,0x03');
    expect([items.get('BS_IP_Data1.ucB_VLAN_ENABLED'), items.get('BS_IP_Data1.uiI_VLAN_ID'), items.get('BS_IP_Data1.ucI_VLAN_PRIORITY')]).toEqual(['1', '100', '5']);
    expect(symbItems('minimal').items.has('BS_IP_Data1.uiI_VLAN_ID')).toBe(false);
  });

  it('writes the time-zone code of the standard offset, DST and the profile URL', () => {
    expect([items.get('BS_IP_Data1.uiI_TIME_TIMEZONE'), items.get('BS_IP_Data1.ucB_TIME_USE_AUTOMATIC_DST')]).toEqual(['0x1b', '0x1']);
    const minimal = symbItems('minimal').items;
    expect([minimal.get('BS_IP_Data1.uiI_TIME_TIMEZONE'), minimal.get('BS_IP_Data1.ucB_TIME_USE_AUTOMATIC_DST')]).toEqual(['0x1a', '0x0']);
    expect(provider.S_CONFIGFILE_URL.value).toMatch(/^"http:\/\/pbx\.example\.com:8080\/provision\/Tok3n\w+\/7C2F80A1B2C3\.xml"$/);
  });
});
