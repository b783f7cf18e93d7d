/** Akuvox door stations: identification, the AutoP text file, and the door codes as DTMF relay codes. */
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const akuvox = registry.get('akuvox')!;

/** The `Config.* = value` lines of a rendered device file as a map (comments and blanks dropped). */
function keys(model: string, fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void): Map<string, string> {
  const { text } = renderVendorFile('akuvox', model, 'device', fixture, edit);
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(Config\.[A-Za-z0-9_.]+) = (.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}
const withCodes = (door_password1?: string, door_password2?: string) => (i: FixtureInput) => Object.assign(i.phone, { door_password1, door_password2 });

describe('Akuvox identification and files', () => {
  it('has at least 8 door stations of the E, R and X series, each declaring its door codes', () => {
    const models = Object.entries(akuvox.descriptor.models);
    expect(models.length).toBeGreaterThanOrEqual(8);
    for (const series of ['E', 'R', 'X']) expect(models.some(([name]) => name.startsWith(series))).toBe(true);
    for (const [, caps] of models) {
      expect(caps.type).toBe('door');
      expect(caps.door_codes).toMatchObject({ min: 1, max: 4, same_length: true });
    }
  });

  it('owns its OUIs and is ready for the Akuvox redirect service', () => {
    expect(registry.byOui('0c1105112233' as never).map((v) => v.id)).toEqual(['akuvox']);
    expect(registry.byOui('9c7514112233' as never).map((v) => v.id)).toEqual(['akuvox']);
    expect(akuvox.descriptor.redirect).toEqual({ services: ['akuvox'] });
  });

  it.each(['0C1105A1B2C3.cfg', '0c1105a1b2c3.cfg'])('matches the per-device file %s (either case) with the canonical MAC', (name) => {
    const match = registry.matchFile(name).find((m) => m.vendor.id === 'akuvox');
    expect(match?.file.id).toBe('device');
    expect(match?.mac).toBe('0c1105a1b2c3');
  });

  it('serves one file, <MAC>.cfg in upper case, and no common file', () => {
    expect(registry.filesFor('akuvox', 'X915', '0c1105a1b2c3' as never).map((f) => [f.name, f.common])).toEqual([['0C1105A1B2C3.cfg', false]]);
  });
});

describe('Akuvox device file', () => {
  const full = keys('R29C');

  it('starts with the AutoP version line and writes every value unescaped', () => {
    const { text } = renderVendorFile('akuvox', 'R29C', 'device');
    expect(text.split('\n')[0]).toBe('#!version:1.0.0.1');
    expect(full.get('Config.Account1.GENERAL.Pwd')).toBe('p&ss<w>rd"\'=;#1');
    expect(full.get('Config.Account1.GENERAL.DisplayName')).toBe("Jane O'Brien & <Co>");
  });

  it('registers account 1 over TLS (TransType 2) at the SIP domain through the outbound proxy', () => {
    expect(full.get('Config.Account1.GENERAL.UserName')).toBe('2001');
    expect(full.get('Config.Account1.SIP.Server')).toBe('example.com');
    expect(full.get('Config.Account1.SIP.Port')).toBe('5061');
    expect(full.get('Config.Account1.SIP.TransType')).toBe('2');
    expect(full.get('Config.Account1.OUTPROXY.Enable')).toBe('1');
    expect(full.get('Config.Account1.OUTPROXY.Server')).toBe('pbx.example.com');
  });

  it('sends DTMF as RFC 2833 events and orders the codecs it knows in their own slots', () => {
    expect(full.get('Config.Account1.DTMF.Type')).toBe('1');
    expect(full.get('Config.Account1.Audio5.Name')).toBe('G722');
    expect(full.get('Config.Account1.Audio5.Priority')).toBe('1');
    expect(full.get('Config.Account1.Audio2.Priority')).toBe('2');
    expect([...full.keys()].some((k) => k.includes('OPUS') || full.get(k) === 'OPUS')).toBe(false);
  });

  it('writes VLAN, LLDP, time offset, web password and the provisioning URL', () => {
    expect(full.get('Config.Network.VLAN.LanVid')).toBe('100');
    expect(full.get('Config.Network.LLDP.LLDPEnable')).toBe('1');
    expect(full.get('Config.Settings.SNTP.TimeZone')).toBe('+1');
    expect(full.get('Config.Settings.WEB_LOGIN.Password')).toBe('Adm1n&<pw>');
    expect(full.get('Config.Autoprovision.GENERAL.Url')).toMatch(/\/provision\/Tok3n.*\/$/);
    expect(keys('E12W', 'minimal').get('Config.Settings.SNTP.TimeZone')).toBe('0');
  });
});

describe('Akuvox door codes (DTMF relay codes, one length per device)', () => {
  it('writes single-digit codes to Code1/Code2 with DTMF Option 0', () => {
    const k = keys('X916', 'full', withCodes('5', '6'));
    expect(k.get('Config.DoorSetting.DTMF.Enable')).toBe('1');
    expect(k.get('Config.DoorSetting.DTMF.Option')).toBe('0');
    expect([k.get('Config.DoorSetting.DTMF.Code1'), k.get('Config.DoorSetting.DTMF.Code2')]).toEqual(['5', '6']);
    expect(k.has('Config.DoorSetting.DTMF.MultiDTMFCodeA')).toBe(false);
  });

  it.each([['12', '1'], ['123', '2'], ['1234', '3']])('writes %s to the multi-digit field with the DTMF Option of its length (%s)', (code, option) => {
    const k = keys('E12W', 'full', withCodes(code));
    expect(k.get('Config.DoorSetting.DTMF.Option')).toBe(option);
    expect(k.get('Config.DoorSetting.DTMF.MultiDTMFCodeA')).toBe(code);
    expect(k.has('Config.DoorSetting.DTMF.MultiDTMFCodeB')).toBe(false);
    expect(k.has('Config.DoorSetting.DTMF.Code1')).toBe(false);
  });

  it('writes no door settings when the phone has no code (the installer\'s stay)', () => {
    expect([...keys('X912', 'minimal').keys()].some((k) => k.startsWith('Config.DoorSetting.'))).toBe(false);
  });
});
