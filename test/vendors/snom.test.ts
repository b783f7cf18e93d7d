/** Snom: identification (User-Agent, boot file names) and content checks on rendered files. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';
import { timezoneInfo } from '../../src/render/timezone-info.js';

const snom = registry.get('snom')!;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, htmlEntities: true });

/** Parsed XML: nested objects, arrays for repeated elements, strings for text. */
type Tree = Record<string, any>;

/** Renders one file (by id) of a model from a fixture; common files get no phone or user. */
function render(model: string, fileId: string, fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void) {
  const out = renderVendorFile('snom', model, fileId, fixture, edit);
  return { ...out, tree: xml.parse(out.text) as Tree };
}

/** `<phone-settings>` as name => value; indexed settings as `name[idx]`. */
function settings(tree: Tree): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, raw] of Object.entries(tree.settings['phone-settings'] as Tree)) {
    for (const el of Array.isArray(raw) ? raw : [raw]) {
      const node = typeof el === 'object' ? el : { '#text': el };
      out.set(node['@idx'] === undefined ? name : `${name}[${node['@idx']}]`, node['#text'] ?? '');
    }
  }
  return out;
}

describe('Snom identification', () => {
  it.each([
    'Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g9ba52f5 000413AABBCC SXM:0 UXM:0)',
    'Mozilla/4.0 (compatible; snomD735-SIP 10.1.54.13 000413B1C2D3)',
    'Mozilla/4.0 (compatible; snomD865-SIP 10.1.159.12 000413112233)',
    'Mozilla/4.0 (compatible; snom710-SIP 8.7.5.35 1.1.5-IFX-05.01.12 000413741767)',
    'Mozilla/4.0 (compatible; snomD120-SIP 10.1.46.16)',
  ])('recognises the User-Agent %s', (ua) => {
    expect(registry.byUserAgent(ua)?.id).toBe('snom');
  });

  it('does not claim other vendors\' User-Agents', () => {
    expect(registry.byUserAgent('Fanvil X4U 2.12.16.17 0c383eaabbcc')?.id).not.toBe('snom');
    expect(registry.byUserAgent('Yealink SIP-T46U 108.86.0.90 80:5e:c0:11:22:33')?.id).not.toBe('snom');
  });

  it('owns the Snom OUIs', () => {
    expect(registry.byOui('000413112233' as never).map((v) => v.id)).toEqual(['snom']);
    expect(registry.byOui('00087b112233' as never).map((v) => v.id)).toEqual(['snom']);
  });

  it.each([
    ['snomD785.htm', 'model', 'D785', undefined],
    ['snomd735.htm', 'model', 'D735', undefined],
    ['snomD785-000413A1B2C3.htm', 'device-index', 'D785', '000413a1b2c3'],
    ['snomD865-000413a1b2c3.htm', 'device-index', 'D865', '000413a1b2c3'],
    ['000413A1B2C3.xml', 'device', undefined, '000413a1b2c3'],
    ['000413a1b2c3.xml', 'device', undefined, '000413a1b2c3'],
  ])('matches %s to file %s (model %s, MAC %s)', (name, id, model, mac) => {
    const match = registry.matchFile(name).find((m) => m.vendor.id === 'snom');
    expect(match?.file.id).toBe(id);
    expect(match?.model).toBe(model);
    expect(match?.mac).toBe(mac);
  });

  it('spells the files in boot order with upper-case MACs', () => {
    expect(registry.filesFor('snom', 'D785', '000413a1b2c3' as never).map((f) => [f.name, f.common])).toEqual([
      ['snomD785.htm', true],
      ['snomD785-000413A1B2C3.htm', false],
      ['000413A1B2C3.xml', false],
    ]);
  });

  it('has at least 6 D-series models', () => {
    expect(Object.keys(snom.descriptor.models).filter((m) => m.startsWith('D')).length).toBeGreaterThanOrEqual(6);
  });

  it('maps every listed time zone to a Snom code with the zone\'s standard UTC offset', () => {
    for (const [zone, code] of Object.entries(snom.descriptor.maps.timezone!)) {
      expect(Number(String(code).replace(/^[A-Z]+\d?/, '')) + 0, `${zone} ${code}`).toBe(timezoneInfo(zone).utc_offset_minutes / 60 + 0);
    }
  });
});

describe('Snom per-phone settings ({MAC}.xml)', () => {
  const { tree } = render('D785', 'device');
  const s = settings(tree);

  it('carries identity 1 with TLS outbound proxy, SRTP and the SIP domain', () => {
    expect(s.get('user_name[1]')).toBe('2001');
    expect(s.get('user_pname[1]')).toBe('2001');
    expect(s.get('user_pass[1]')).toBe('p&ss<w>rd"\'=;#1');
    expect(s.get('user_realname[1]')).toBe('Jane O\'Brien & <Co>');
    expect(s.get('user_host[1]')).toBe('example.com');
    expect(s.get('user_outbound[1]')).toBe('pbx.example.com:5061;transport=tls');
    expect(s.get('user_srtp[1]')).toBe('on');
    expect(s.get('user_mailbox[1]')).toBe('*97');
    expect(s.get('user_active[1]')).toBe('on');
  });

  it('lists codecs in priority order (OPUS has no Snom mapping and is dropped)', () => {
    expect(s.get('codec_priority_list[1]')).toBe('g722,pcma,pcmu,g729,telephone-event');
  });

  it('sets VLAN 100 priority 5, PC port VLAN 200 priority 1, LLDP and DNS', () => {
    expect([s.get('vlan_id'), s.get('vlan_qos'), s.get('vlan_port_tagging'), s.get('vlan_pc_id'), s.get('vlan_pc_priority')]).toEqual(['100', '5', 'on', '200', '1']);
    expect(s.get('lldp_enable')).toBe('on');
    expect([s.get('dns_server1'), s.get('dns_server2')]).toEqual(['192.168.1.1', '9.9.9.9']);
  });

  it('maps language GERMAN, Europe/Berlin, date/time formats, backlight, screensaver, transfer, DND', () => {
    expect(s.get('language')).toBe('Deutsch');
    expect(s.get('web_language')).toBe('Deutsch');
    expect(s.get('timezone')).toBe('GER+1');
    expect(s.get('date_us_format')).toBe('off');
    expect(s.get('time_24_format')).toBe('on');
    expect(s.get('dim_timer')).toBe('60');
    expect(s.get('screen_saver_timeout')).toBe('600');
    expect(s.get('quick_transfer')).toBe('attended');
    expect(s.get('dnd_mode[1]')).toBe('on');
    expect(s.get('user_ringer[1]')).toBe('Ring3.wav');
  });

  it('sets the admin passwords and re-points setting_server at the phone\'s folder', () => {
    expect(s.get('http_pass')).toBe('Adm1n&<pw>');
    expect(s.get('admin_mode_password')).toBe('Adm1n&<pw>');
    expect(s.get('webserver_admin_password')).toBe('Adm1n&<pw>');
    expect(s.get('setting_server')).toBe('http://pbx.example.com:8080/provision/Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok/');
  });

  it('keeps fkey 0-1 as line keys, programs BLF function keys with labels after them, then resets the rest to line', () => {
    const keys = tree.settings.functionKeys.fkey as Tree[];
    expect(keys).toHaveLength(24);
    expect(keys.slice(0, 6).map((k) => [k['@idx'], k['@context'], k['@label'], k['#text']])).toEqual([
      ['0', 'active', '', 'line'],
      ['1', 'active', '', 'line'],
      ['2', '1', 'Bob Smith', 'blf sip:2002@example.com'],
      ['3', '1', 'Carol', 'blf sip:2003@example.com'],
      ['4', '1', '2004', 'blf sip:2004@example.com'],
      ['5', 'active', '', 'line'],
    ]);
  });

  it('caps BLFs at the model\'s key count', () => {
    const keys = render('D717', 'device', 'full', (i) => Object.assign(i.user, { blfs: Array.from({ length: 5 }, (_, n) => ({ key: String(3001 + n) })) })).tree.settings.functionKeys.fkey as Tree[];
    expect(keys.map((k) => k['#text'])).toEqual(['line', 'line', 'blf sip:3001@example.com']);
  });

  it.each([
    ['UDP', 'BLIND', '192.168.1.10:5060;transport=udp', 'off', 'blind'],
    ['TCP', 'NEW_CALL', '192.168.1.10:5063;transport=tcp', 'off', 'new_call'],
  ])('uses %s and transfer %s', (transport, transfer, outbound, srtp, quick) => {
    const s2 = settings(render('D735', 'device', 'minimal', (i) => Object.assign(i.phone, { preferred_transport: transport, transfer })).tree);
    expect(s2.get('user_outbound[1]')).toBe(outbound);
    expect(s2.get('user_srtp[1]')).toBe(srtp);
    expect(s2.get('quick_transfer')).toBe(quick);
  });

  it('clears the VLAN settings when VLANs are off, and maps 12-hour US dates', () => {
    const s2 = settings(render('D713', 'device', 'minimal', (i) => Object.assign(i.phone, { time_format: '12', date_format: 'MM/DD/YYYY', timezone: 'America/Chicago' })).tree);
    expect([s2.get('vlan_id'), s2.get('vlan_port_tagging')]).toEqual(['', 'off']);
    expect([s2.get('time_24_format'), s2.get('date_us_format'), s2.get('timezone')]).toEqual(['off', 'on', 'USA-6']);
  });
});

describe('Snom entry files', () => {
  it('points the per-phone .htm at the per-phone XML in the phone\'s folder', () => {
    const { name, tree } = render('D865', 'device-index');
    expect(name).toBe('snomD865-000413A1B2C3.htm');
    expect(tree['setting-files'].file['@url']).toBe('http://pbx.example.com:8080/provision/Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok/000413A1B2C3.xml');
  });

  it('keeps the model file free of secrets and of the folder URL', () => {
    const { name, text } = render('D785', 'model');
    expect(name).toBe('snomD785.htm');
    expect(text).not.toContain('Tok3n');
    expect(text).not.toContain('p&amp;ss');
    expect(text).not.toContain('Adm1n');
    expect(text).toContain('<settings>');
  });
});
