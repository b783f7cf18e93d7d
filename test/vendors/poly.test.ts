/** Poly UC Software (VVX, Edge E): identification, the master file, and the per-phone <mac>-provd.cfg. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { FULL_DEVICE_PASSWORD } from '../helpers/render-fixture.js';
import { hasTool } from '../helpers/system-tool.js';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const poly = registry.get('poly')!;
const MAC = '0004f2a1b2c3' as Mac;
const MODELS = Object.keys(poly.descriptor.models);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false });
const XMLLINT = hasTool('xmllint', ['--version'], 'REQUIRE_XMLLINT', 'libxml2-utils');
const dir = mkdtempSync(join(tmpdir(), 'provd-poly-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every parameter (attribute) of a rendered <mac>-provd.cfg, whatever element groups it. */
function params(model: string, fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void): Map<string, string> {
  const { text } = renderVendorFile('poly', model, 'device', fixture, edit);
  const root = parser.parse(text).polycomConfig as Record<string, Record<string, string> | string>;
  const out = new Map<string, string>();
  for (const group of Object.values(root)) if (typeof group === 'object') for (const [k, v] of Object.entries(group)) out.set(k, String(v));
  return out;
}

describe('Poly identification and files', () => {
  it('lists the VVX and Edge E desk phones with their registrations and line keys', () => {
    expect(MODELS).toEqual(expect.arrayContaining(['VVX150', 'VVX250', 'VVX350', 'VVX450', 'VVX501', 'VVX601', 'E100', 'E220', 'E350', 'E450', 'E550']));
    expect(poly.descriptor.models.VVX450).toMatchObject({ lines: 12, keys: 12, type: 'desk' });
  });

  it('is found by its OUIs and by the FileTransport User-Agent', () => {
    expect(registry.byOui(MAC).map((v) => v.id)).toEqual(['poly']);
    expect(registry.byOui('64167fa1b2c3' as Mac).map((v) => v.id)).toEqual(['poly']);
    expect(registry.byUserAgent('FileTransport PolycomVVX-VVX_450-UA/6.4.6.2857 Type/Application')?.id).toBe('poly');
    expect(registry.byUserAgent('Yealink SIP-T46U 108.86.0.20 805ec0a1b2c3')?.id).not.toBe('poly');
  });

  it('serves the common master 000000000000.cfg and the per-phone <mac>-provd.cfg, not <mac>.cfg (which the phone would read as a master)', () => {
    expect(registry.filesFor('poly', 'E350', MAC).map((f) => [f.name, f.common])).toEqual([
      ['000000000000.cfg', true],
      ['0004f2a1b2c3-provd.cfg', false],
    ]);
    expect(registry.matchFile('000000000000.cfg').find((m) => m.vendor.id === 'poly')).toMatchObject({ file: { id: 'master' } });
    expect(registry.matchFile('0004F2A1B2C3-PROVD.CFG').find((m) => m.vendor.id === 'poly')).toMatchObject({ file: { id: 'device' }, mac: MAC });
    for (const name of ['0004f2a1b2c3.cfg', '0004f2a1b2c3-phone.cfg', '0004f2a1b2c3-web.cfg']) {
      expect(registry.matchFile(name).some((m) => m.vendor.id === 'poly')).toBe(false);
    }
  });

  it('has no redirect service, says why, writes provisioning credentials and resyncs with check-sync', () => {
    expect(poly.descriptor.redirect).toMatchObject({ unsupported: expect.stringContaining('option 66') });
    expect(poly.descriptor.provisioningCredentials).toBe(true);
    expect(poly.descriptor.resync).toEqual({ event: 'check-sync', reboot_event: 'check-sync;reboot=true' });
  });
});

describe('Poly 000000000000.cfg', () => {
  const { text } = renderVendorFile('poly', 'VVX450', 'master');

  it('names the phone\'s own file by [PHONE_MAC_ADDRESS] and offers no firmware', () => {
    const app = parser.parse(text).APPLICATION as Record<string, string>;
    expect(app.CONFIG_FILES).toBe('[PHONE_MAC_ADDRESS]-provd.cfg');
    expect(app.APP_FILE_PATH).toBe('');
  });

  it('is the same for every model and carries no secret of the fixture', () => {
    for (const model of MODELS) expect(renderVendorFile('poly', model, 'master').text).toBe(text);
    for (const secret of ['p&amp;ss', 'Adm1n', FULL_DEVICE_PASSWORD, '2001', 'Tok3n']) expect(text).not.toContain(secret);
  });
});

describe('Poly <mac>-provd.cfg', () => {
  const full = params('VVX450');

  it('registers account 1 over TLS at the SIP domain through the PBX as outbound proxy', () => {
    expect(['reg.1.address', 'reg.1.auth.userId', 'reg.1.auth.password'].map((k) => full.get(k))).toEqual(['2001', '2001', 'p&ss<w>rd"\'=;#1']);
    expect(full.get('reg.1.displayName')).toBe("Jane O'Brien & <Co>");
    expect(['reg.1.server.1.address', 'reg.1.server.1.port', 'reg.1.server.1.transport'].map((k) => full.get(k))).toEqual(['example.com', '5061', 'TLS']);
    expect([full.get('reg.1.outboundProxy.address'), full.get('reg.1.outboundProxy.port')]).toEqual(['pbx.example.com', '5061']);
    const minimal = params('E100', 'minimal');
    expect([minimal.get('reg.1.server.1.address'), minimal.get('reg.1.server.1.port'), minimal.get('reg.1.server.1.transport'), minimal.get('reg.1.outboundProxy.address')])
      .toEqual(['192.168.1.10', '5060', 'UDPOnly', '']);
  });

  it('subscribes to message waiting and dials the voicemail number', () => {
    expect([full.get('msg.mwi.1.subscribe'), full.get('msg.mwi.1.callBack')]).toEqual(['2001', '*97']);
  });

  it('ranks the phone record\'s codecs in order and switches the others off', () => {
    // full: OPUS, G722, PCMA, PCMU, G729
    const rank = (c: string) => full.get(`voice.codecPref.${c}`);
    expect(['Opus', 'G722', 'G711_A', 'G711_Mu', 'G729_AB', 'iLBC.13_33kbps'].map(rank)).toEqual(['1', '2', '3', '4', '5', '0']);
    const ilbcOnly = params('VVX150', 'full', (i) => Object.assign(i.phone, { codecs: ['PCMA', 'ILBC'] }));
    expect(['G711_A', 'iLBC.13_33kbps', 'G722', 'Opus'].map((c) => ilbcOnly.get(`voice.codecPref.${c}`))).toEqual(['1', '2', '0', '0']);
  });

  it('lists the BLFs after line 1 with their labels, no more than the model has keys', () => {
    expect([full.get('attendant.resourceList.1.address'), full.get('attendant.resourceList.1.label')]).toEqual(['2002', 'Bob Smith']);
    expect(full.get('attendant.resourceList.3.address')).toBe('2004');
    const two = params('VVX150');
    expect(two.get('attendant.resourceList.1.address')).toBe('2002');
    expect(two.has('attendant.resourceList.2.address')).toBe(false);
    expect(params('VVX450', 'full', (i) => Object.assign(i.network, { call_pickup_code: '**' })).get('call.directedCallPickupString')).toBe('**');
  });

  it('writes the time zone offset in seconds with the DST rule, language, transfer, 24-hour clock', () => {
    // Europe/Berlin: +1 h, DST last Sunday of March 02:00 to last Sunday of October 03:00.
    expect(full.get('tcpIpApp.sntp.gmtOffset')).toBe('3600');
    expect(['enable', 'start.month', 'start.dayOfWeek', 'start.dayOfWeek.lastInMonth', 'start.time', 'stop.month', 'stop.time'].map((k) => full.get(`tcpIpApp.sntp.daylightSavings.${k}`)))
      .toEqual(['1', '3', '1', '1', '2', '10', '3']);
    const ny = params('E550', 'full', (i) => Object.assign(i.phone, { timezone: 'America/New_York' }));
    // Second Sunday of March (date 8) to first Sunday of November (date 1).
    expect(['tcpIpApp.sntp.gmtOffset', 'tcpIpApp.sntp.daylightSavings.start.date', 'tcpIpApp.sntp.daylightSavings.start.dayOfWeek.lastInMonth', 'tcpIpApp.sntp.daylightSavings.stop.date'].map((k) => ny.get(k)))
      .toEqual(['-18000', '8', '0', '1']);
    const kolkata = params('E220', 'full', (i) => Object.assign(i.phone, { timezone: 'Asia/Kolkata' }));
    expect([kolkata.get('tcpIpApp.sntp.gmtOffset'), kolkata.get('tcpIpApp.sntp.daylightSavings.enable')]).toEqual(['19800', '0']);
    expect([full.get('lcl.ml.lang'), full.get('call.defaultTransferType'), full.get('lcl.datetime.time.24HourClock')]).toEqual(['German_Germany', 'Consultative', '1']);
  });

  it('sets VLAN, LLDP, the web admin password, the provisioning folder and the device credentials', () => {
    expect([full.get('device.set'), full.get('device.net.vlanId'), full.get('device.net.lldpEnabled'), full.get('device.auth.localAdminPassword')]).toEqual(['1', '100', '1', 'Adm1n&<pw>']);
    expect(full.get('device.prov.serverName')).toMatch(/^http:\/\/pbx\.example\.com:8080\/provision\/Tok3n\w+$/);
    expect(full.get('device.prov.serverType')).toBe('2');
    expect([full.get('device.prov.user'), full.get('device.prov.password')]).toEqual([expect.any(String), FULL_DEVICE_PASSWORD]);
    const minimal = params('E350', 'minimal');
    expect([minimal.get('device.net.vlanId'), minimal.has('device.prov.user')]).toEqual(['', false]);
  });

  it.skipIf(!XMLLINT)('renders a file xmllint accepts for each model and fixture, and the master file', () => {
    const paths: string[] = [];
    for (const model of MODELS) {
      for (const fixture of ['minimal', 'full'] as const) {
        for (const fileId of ['master', 'device']) {
          const path = join(dir, `${model}-${fixture}-${fileId}.xml`);
          writeFileSync(path, renderVendorFile('poly', model, fileId, fixture).text);
          paths.push(path);
        }
      }
    }
    const r = spawnSync('xmllint', ['--noout', ...paths], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
