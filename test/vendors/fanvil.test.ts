/** Fanvil: identification (User-Agent, boot file names) and content checks on rendered files. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const fanvil = registry.get('fanvil')!;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, htmlEntities: true });

/** Parsed XML: nested objects, arrays for repeated elements, strings for text. */
type Tree = Record<string, any>;

/** Renders one file (by id) of a model from a fixture; common files get no phone or user. */
function render(model: string, fileId: string, fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void) {
  const out = renderVendorFile('fanvil', model, fileId, fixture, edit);
  return { ...out, tree: xml.parse(out.text) as Tree };
}

/** Renders with a changed phone (the fixtures' records are re-parsed, so edits stay local). */
function withPhone(model: string, change: Record<string, unknown>) {
  return render(model, 'device', 'full', (i) => Object.assign(i.phone, change));
}

describe('Fanvil identification', () => {
  it.each([
    'Fanvil X4U 2.12.16.17 0c383eaabbcc',
    'Fanvil X6U Pro 0.0.10 0c383e2cd782',
    'Fanvil X210 2.12.1.3 0c383e112233',
    'Fanvil X5U-V2 2.12.16.17 0c383e557eb1',
    'Fanvil i10SV 2.12.10.1 0c383e2397f4',
    'Fanvil i30 2.1.1.3664 00a859aabbcc',
  ])('recognises the User-Agent %s', (ua) => {
    expect(registry.byUserAgent(ua)?.id).toBe('fanvil');
  });

  it('does not claim other vendors\' User-Agents', () => {
    expect(registry.byUserAgent('Yealink SIP-T46U 108.86.0.90 80:5e:c0:11:22:33')?.id).not.toBe('fanvil');
    expect(registry.byUserAgent('Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g9ba52f5 000413AABBCC SXM:0 UXM:0)')?.id).not.toBe('fanvil');
  });

  it('owns the Fanvil OUIs', () => {
    expect(registry.byOui('0c383e112233' as never).map((v) => v.id)).toEqual(['fanvil']);
    expect(registry.byOui('00a859112233' as never).map((v) => v.id)).toEqual(['fanvil']);
  });

  it.each(['0c383ea1b2c3.cfg', '0C383EA1B2C3.cfg', '00a859a1b2c3.cfg'])('matches the per-phone file %s with the canonical MAC', (name) => {
    const match = registry.matchFile(name).find((m) => m.vendor.id === 'fanvil');
    expect(match?.file.id).toBe('device');
    expect(match?.mac).toBe(name.slice(0, 12).toLowerCase());
  });

  it.each([
    ['F0V00X200000.cfg', 'X210'],
    ['F0V10S00000.cfg', 'i10S'],
    ['F0V10SD00000.cfg', 'i10SD'],
    ['f0v16s00000.cfg', 'i16S'],
    ['F0V10SV00000.cfg', 'i10SV'],
    ['F0V16SV00000.cfg', 'i16SV'],
  ])('matches the common file %s to model %s, and no other vendor claims it', (name, model) => {
    const matches = registry.matchFile(name);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.vendor.id).toBe('fanvil');
    expect(matches[0]!.file.id).toBe('common');
    expect(matches[0]!.model).toBe(model);
  });

  it('lists the common file before the per-phone file, and no common file where the name is unknown', () => {
    expect(registry.filesFor('fanvil', 'X210', '0c383ea1b2c3' as never).map((f) => f.name)).toEqual(['F0V00X200000.cfg', '0c383ea1b2c3.cfg']);
    expect(registry.filesFor('fanvil', 'X4U', '0c383ea1b2c3' as never).map((f) => f.name)).toEqual(['0c383ea1b2c3.cfg']);
  });

  it('has at least 8 models, door stations typed as such', () => {
    const models = Object.entries(fanvil.descriptor.models);
    expect(models.length).toBeGreaterThanOrEqual(8);
    expect(models.filter(([, m]) => m.type === 'door').map(([n]) => n)).toEqual(expect.arrayContaining(['i10S', 'i16S', 'i30', 'i33V']));
    for (const [name, m] of models) if (m.type === 'desk') expect(m.keys, name).toBe(Number(m.side_keys) + Number(m.page_keys) * Number(m.pages));
  });
});

describe('Fanvil desk phone file (sysConf XML)', () => {
  const { tree } = render('X4U', 'device');
  const conf = tree.sysConf;
  const line = conf.sip.line;

  it('carries SIP account 1 with TLS transport code 3, port 5061, domain and outbound proxy', () => {
    expect(line['@index']).toBe('1');
    expect(line.PhoneNumber).toBe('2001');
    expect(line.RegisterUser).toBe('2001');
    expect(line.RegisterPswd).toBe('p&ss<w>rd"\'=;#1');
    expect(line.DisplayName).toBe('Jane O\'Brien & <Co>');
    expect(line.RegisterAddr).toBe('example.com');
    expect(line.ProxyAddr).toBe('pbx.example.com');
    expect(line.RegisterPort).toBe('5061');
    expect(line.Transport).toBe('3');
    expect(line.MWINum).toBe('*97');
    expect(line.EnableDND).toBe('1');
    expect(line.RingType).toBe('Ring3.wav');
  });

  it('lists codecs in priority order with Fanvil names', () => {
    expect(line.VoiceCodecMap).toBe('OPUS,G722,PCMA,PCMU,G729');
    expect(conf.mm.capability.AudioCodecSets).toBe('OPUS,G722,PCMA,PCMU,G729');
  });

  it('sets VLAN 100 priority 5 on the WAN port, PVID 200 on the PC port, and LLDP', () => {
    expect(conf.qos).toMatchObject({ EnableVLAN: '1', VLANID: '100', SignallingPriority: '5', VoicePriority: '5', EnablePVID: '2', PVIDValue: '200', LLDPTransmit: '1' });
  });

  it('maps language, time zone with the EU DST rule, and date/time formats', () => {
    expect(conf.phone.display.DefaultLanguage).toBe('de');
    expect(conf.phone.date).toMatchObject({
      TimeZone: '4', TimeZoneName: 'UTC+1', EnableDST: '2',
      DSTStartMon: '3', DSTStartWeek: '5', DSTStartWday: '0', DSTStartHour: '2',
      DSTEndMon: '10', DSTEndWeek: '5', DSTEndWday: '0', DSTEndHour: '3',
    });
    expect(conf.phone.timeDisplay).toEqual({ TimeDisplayStyle: '0', DateDisplayStyle: '9', DateSeparator: '0' });
  });

  it('sets backlight, screensaver, power LED, web admin password and DNS', () => {
    expect(conf.phone.display.BacklightOffTime).toBe('60');
    expect(conf.background.TimeoutToScreensaver).toBe('600');
    expect(conf.phone.powerLed.Power).toBe('1');
    expect(conf.web.account).toMatchObject({ '@index': '1', Name: 'admin', Password: 'Adm1n&<pw>' });
    expect(conf.net).toMatchObject({ DHCPAutoDNS: '0', PrimaryDNS: '192.168.1.1', SecondaryDNS: '9.9.9.9' });
  });

  it('keeps side keys 1-2 as SIP1 line keys, then BLFs with the attended-transfer code and labels, then clears screen keys', () => {
    const side = conf.dsskey.dssSide.Fkey as Tree[];
    expect(side.map((k) => [k['@index'], k.Type, k.Value, k.Title])).toEqual([
      ['1', '2', 'SIP1', ''],
      ['2', '2', 'SIP1', ''],
      ['3', '1', '2002@1/ba', 'Bob Smith'],
    ]);
    expect(conf.dsskey.internal).toHaveLength(5);
    expect(conf.dsskey.internal[0].Fkey).toHaveLength(6);
    expect(conf.dsskey.internal[0].Fkey.slice(0, 3).map((k: Tree) => [k.Type, k.Value, k.Title])).toEqual([
      ['1', '2003@1/ba', 'Carol'],
      ['1', '2004@1/ba', '2004'],
      ['0', '', ''],
    ]);
  });

  it('re-points auto provisioning at the phone\'s folder', () => {
    expect(conf.ap.FlashServerIP).toBe('http://pbx.example.com:8080/provision/Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok/');
    expect(conf.ap.FlashFileName).toBe('$mac.cfg');
    expect(conf.ap.FlashProtocol).toBe('4');
  });

  it.each([
    ['BLIND', '2002@1/bb'],
    ['NEW_CALL', '2002@1/bc'],
  ])('encodes transfer %s in the BLF value', (transfer, value) => {
    expect(withPhone('X5U', { transfer }).tree.sysConf.dsskey.dssSide.Fkey[2].Value).toBe(value);
  });

  it('uses UDP code 0 and port 5060 for UDP, and US DST rules for New York', () => {
    const conf2 = withPhone('X3U', { preferred_transport: 'UDP', timezone: 'America/New_York', time_format: '12', date_format: 'MM-DD-YYYY' }).tree.sysConf;
    expect(conf2.sip.line.Transport).toBe('0');
    expect(conf2.sip.line.RegisterPort).toBe('5060');
    expect(conf2.phone.date).toMatchObject({ TimeZone: '-20', TimeZoneName: 'UTC-5', DSTStartMon: '3', DSTStartWeek: '2', DSTEndMon: '11', DSTEndWeek: '1' });
    expect(conf2.phone.timeDisplay).toEqual({ TimeDisplayStyle: '1', DateDisplayStyle: '11', DateSeparator: '1' });
  });

  it('spills BLFs past the side keys onto screen page 1', () => {
    const blfs = Array.from({ length: 6 }, (_, i) => ({ key: String(3001 + i) }));
    const conf2 = render('X4U', 'device', 'full', (i) => Object.assign(i.user, { blfs })).tree.sysConf;
    expect(conf2.dsskey.internal[0].Fkey.slice(0, 6).map((k: Tree) => [k['@index'], k.Value])).toEqual([
      ['1', '3002@1/ba'], ['2', '3003@1/ba'], ['3', '3004@1/ba'], ['4', '3005@1/ba'], ['5', '3006@1/ba'], ['6', ''],
    ]);
  });

  it('keeps side keys as line keys when the user has no BLFs', () => {
    const side = render('X3U', 'device', 'minimal').tree.sysConf.dsskey.dssSide.Fkey as Tree[];
    expect(side.map((k) => [k.Type, k.Value])).toEqual([['2', 'SIP1'], ['2', 'SIP1'], ['2', 'SIP1']]);
  });

  it('asks for HTTPS (protocol 5) only when the phone is marked https and an HTTPS listener exists', () => {
    const https = (httpsPort?: number) =>
      render('X4U', 'device', 'full', (i) => Object.assign(i, { phone: { ...i.phone, https: true }, server: { ...i.server, httpsPort } }));
    expect(https(8443).tree.sysConf.ap.FlashProtocol).toBe('5');
    expect(https(8443).tree.sysConf.ap.FlashServerIP).toMatch(/^https:\/\/.*:8443\/provision\//);
    expect(https(undefined).tree.sysConf.ap.FlashProtocol).toBe('4');
  });
});

describe('Fanvil door station file of older models (VOIP_CONFIG_FILE XML)', () => {
  const { tree } = render('i30', 'device');
  const conf = tree.VOIP_CONFIG_FILE;

  it('maps both door passwords to the remote open code and the relay-2 DTMF code', () => {
    expect(conf.EGS_CFG_MODULE).toEqual({ Opening_Password: '1234', Enable_Output2: '1', Out2_Trig_By_DTMF: '1', Out2_DTMF_Code: '87654321' });
  });

  it('programs the call buttons as speed-dial keys up to the model\'s key count', () => {
    const key = conf.PHONE_CONFIG_MODULE.Function_Key.Function_Key_Entry as Tree;
    expect([key.ID, key.Type, key.Value, key.Title]).toEqual(['Fkey1', '1', '2002@1/f', 'Bob Smith']);
  });

  it('carries SIP account 1, codecs, VLAN, time zone, language and the provisioning URL', () => {
    const line = conf.SIP_CONFIG_MODULE.SIP_Line_List.SIP_Line_List_Entry;
    expect(line).toMatchObject({ ID: 'SIP1', Phone_Number: '2001', Register_Pswd: 'p&ss<w>rd"\'=;#1', Register_Port: '5061', Transport: '3', Proxy_Addr: 'pbx.example.com' });
    expect(conf.DSP_CONFIG_MODULE.Port_Config.Port_Config_Entry).toMatchObject({ Voice_Codec1: 'opus/48000', Voice_Codec2: 'G722/8000', Voice_Codec3: 'PCMA/8000' });
    expect(conf.QOS_CONFIG_MODULE).toMatchObject({ Enable_VLAN: '1', VLAN_ID: '100', Voice_Priority: '5' });
    expect(conf.GLOBAL_CONFIG_MODULE).toMatchObject({ Time_Zone: '4', Enable_DST: '2', DST_Start_Mon: '3', Language: '16' });
    expect(conf.MMI_CONFIG_MODULE.MMI_Account.MMI_Account_Entry.Password).toBe('Adm1n&<pw>');
    expect(conf.AUTOUPDATE_CONFIG_MODULE.Download_Server_IP).toContain('/provision/Tok3n');
  });

  it('leaves the door codes and call buttons alone when the records have none', () => {
    const conf2 = render('i30', 'device', 'minimal').tree.VOIP_CONFIG_FILE;
    expect(conf2.EGS_CFG_MODULE).toBe('');
    expect(conf2.PHONE_CONFIG_MODULE).toBeUndefined();
  });
});

// Issue 11: i10S/i10SD/i16S (and i10SV/i16SV) on firmware 2.12 read sysConf, not VOIP_CONFIG_FILE.
describe('Fanvil door station file on current firmware (sysConf XML)', () => {
  const { tree } = render('i10SD', 'device');
  const conf = tree.sysConf;

  it.each(['i10S', 'i10SD', 'i10SV', 'i16S', 'i16SV'])('renders sysConf for %s', (model) => {
    expect(Object.keys(render(model, 'device').tree)).toEqual(['?xml', 'sysConf']);
  });

  it('carries SIP account 1 with the sysConf TLS value 3, auto answer, codecs, VLAN, time zone and language', () => {
    expect(conf.sip.line).toMatchObject({
      '@index': '1', PhoneNumber: '2001', RegisterPswd: 'p&ss<w>rd"\'=;#1', RegisterPort: '5061', Transport: '3', DTMFMode: '1', AutoAnswer: '1',
    });
    expect(conf.mm.capability.AudioCodecSets).toBe('OPUS,G722,PCMA,PCMU,G729');
    expect(conf.qos).toMatchObject({ EnableVLAN: '1', VLANID: '100', LLDPTransmit: '1' });
    expect(conf.phone).toMatchObject({ display: { DefaultLanguage: '16' }, date: { TimeZone: '4', EnableDST: '2' } });
    expect(conf.web.account.Password).toBe('Adm1n&<pw>');
    expect(conf.ap.FlashServerIP).toContain('/provision/Tok3n');
  });

  it('writes the door codes as stored, in the EGS block carried inside sysConf', () => {
    expect(conf.EGS_CFG_MODULE).toEqual({ Opening_Password: '1234', Enable_Output2: '1', Out2_Trig_By_DTMF: '1', Out2_DTMF_Code: '87654321' });
    const six = render('i16S', 'device', 'full', (i) => Object.assign(i.phone, { door_password1: '246802', door_password2: undefined }));
    expect(six.tree.sysConf.EGS_CFG_MODULE).toEqual({ Opening_Password: '246802' });
  });

  it('programs the call buttons as dssSoft speed-dial keys up to the model\'s key count', () => {
    expect((conf.dsskey.dssSoft as Tree[]).map((k) => [k['@index'], k.Type, k.Value, k.Title])).toEqual([
      ['1', '1', '2002@1/f', 'Bob Smith'],
      ['2', '1', '2003@1/f', 'Carol'],
    ]);
  });

  it('writes no door block and no keys when the records have none', () => {
    const bare = render('i10S', 'device', 'minimal').tree.sysConf;
    expect(bare.EGS_CFG_MODULE).toBeUndefined();
    expect(bare.dsskey).toBeUndefined();
  });
});

describe('Fanvil common files', () => {
  it.each([['X210', 'sysConf'], ['i10S', 'sysConf'], ['i16SV', 'sysConf']])('%s common file is well-formed %s without secrets or folder URL', (model, root) => {
    const { text, tree } = render(model, 'common');
    expect(Object.keys(tree)).toContain(root);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('p&amp;ss');
    expect(text).not.toContain('/provision/');
  });
});
