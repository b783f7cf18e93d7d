/** Yealink: identification (User-Agent, boot file names) and content checks on rendered files. */
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const yealink = registry.get('yealink')!;

/** Renders one file (by id) of a model from a fixture; common files get no phone or user. */
function render(model: string, fileId: string, fixture: 'minimal' | 'full' = 'full', edit?: (i: FixtureInput) => void) {
  return renderVendorFile('yealink', model, fileId, fixture, edit);
}

/** `key = value` lines of a Yealink file as a map (last occurrence wins), comments skipped. */
function settings(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([^#\s][^=]*?) = (.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

describe('Yealink identification', () => {
  it.each([
    'Yealink SIP-T46U 108.86.0.90 80:5e:c0:11:22:33',
    'Yealink SIP-T46S 66.86.0.15 00:15:65:aa:bb:cc',
    'Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72',
    'Yealink SIP-T54W 96.86.0.45 24:9a:d8:88:d0:f4',
    'Yealink SIP-T56A 58.80.0.25 001565f429a4',
    'yealink SIP-T28P 2.70.0.140 00:15:65:13:ae:0b',
    'Yealink-T46G 28.71.0.81 28.1.0.128.0.0.0',
  ])('recognises the User-Agent %s', (ua) => {
    expect(registry.byUserAgent(ua)?.id).toBe('yealink');
  });

  it('does not claim other vendors\' User-Agents', () => {
    expect(registry.byUserAgent('Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b82aabbcc')?.id).not.toBe('yealink');
    expect(registry.byUserAgent('Fanvil X4 2.10.2.6887 0c383eaabbcc')?.id).not.toBe('yealink');
  });

  it.each([
    ['001565aabbcc.boot', 'boot'],
    ['001565AABBCC.boot', 'boot'],
    ['805ec0112233.cfg', 'device'],
    ['805EC0112233.cfg', 'device'],
  ])('matches the per-phone file %s to %s with the canonical MAC', (name, id) => {
    const match = registry.matchFile(name).find((m) => m.vendor.id === 'yealink');
    expect(match?.file.id).toBe(id);
    expect(match?.mac).toBe(name.slice(0, 12).toLowerCase());
  });

  it.each([
    ['y000000000108.cfg', 'T46U'],
    ['y000000000036.cfg', 'T41P'],
    ['y000000000066.cfg', 'T46S'],
    ['y000000000123.cfg', 'T31G'],
    ['y000000000150.cfg', 'T58W'],
    ['Y000000000097.CFG', 'T57W'],
  ])('matches the common file %s to model %s', (name, model) => {
    const matches = registry.matchFile(name);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.vendor.id).toBe('yealink');
    expect(matches[0]!.file.id).toBe('common');
    expect(matches[0]!.model).toBe(model);
  });

  it('spells every model\'s common file as y + 12 digits + .cfg and lists files in boot order', () => {
    for (const model of Object.keys(yealink.descriptor.models)) {
      const files = registry.filesFor('yealink', model, '001565aabbcc' as never);
      expect(files.map((f) => f.file.id)).toEqual(['boot', 'common', 'device']);
      expect(files[1]!.name).toMatch(/^y\d{12}\.cfg$/);
      expect(files[0]!.name).toBe('001565aabbcc.boot');
    }
  });

  it('does not serve y000000000000.boot (no MAC placeholder is documented for include lines)', () => {
    expect(registry.matchFile('y000000000000.boot').filter((m) => m.vendor.id === 'yealink')).toEqual([]);
  });

  it('gives each model at least 10 of them, with lines, keys and a 3-digit code', () => {
    const models = Object.entries(yealink.descriptor.models);
    expect(models.length).toBeGreaterThanOrEqual(10);
    for (const [, caps] of models) expect(String(caps.code)).toMatch(/^\d{3}$/);
  });
});

describe('Yealink rendered files', () => {
  it('boot file includes the model common file then the MAC file, with overwrite mode', () => {
    const { text } = render('T46U', 'boot');
    expect(text.startsWith('#!version:1.0.0.1\n')).toBe(true);
    const includes = text.split('\n').filter((l) => l.startsWith('include:config'));
    expect(includes).toEqual(['include:config "y000000000108.cfg"', 'include:config "001565a1b2c3.cfg"']);
    expect(settings(text).get('overwrite_mode')).toBe('1');
  });

  it('common file starts with the version header and carries no secret', () => {
    const { text, name } = render('T41P', 'common');
    expect(name).toBe('y000000000036.cfg');
    expect(text.startsWith('#!version:1.0.0.1\n')).toBe(true);
    expect(text).not.toContain('p&ss');
    expect(text).not.toContain('Adm1n');
    expect(text).not.toContain('password');
  });

  const full = settings(render('T46U', 'device').text);

  it('maps the SIP account with TLS on port 5061 and the raw (unescaped) secrets', () => {
    expect(full.get('account.1.user_name')).toBe('2001');
    expect(full.get('account.1.auth_name')).toBe('2001');
    expect(full.get('account.1.password')).toBe('p&ss<w>rd"\'=;#1');
    expect(full.get('account.1.display_name')).toBe('Jane O\'Brien & <Co>');
    expect(full.get('account.1.sip_server.1.address')).toBe('example.com');
    expect(full.get('account.1.sip_server.1.transport_type')).toBe('2');
    expect(full.get('account.1.sip_server.1.port')).toBe('5061');
    expect(full.get('account.1.outbound_proxy_enable')).toBe('1');
    expect(full.get('account.1.outbound_proxy.1.address')).toBe('pbx.example.com');
    expect(full.get('voice_mail.number.1')).toBe('*97');
  });

  it('uses no outbound proxy when the SIP domain is the server address (minimal fixture, UDP)', () => {
    const min = settings(render('T46U', 'device', 'minimal').text);
    expect(min.get('account.1.sip_server.1.address')).toBe('192.168.1.10');
    expect(min.get('account.1.sip_server.1.port')).toBe('5060');
    expect(min.get('account.1.sip_server.1.transport_type')).toBe('0');
    expect(min.get('account.1.outbound_proxy_enable')).toBe('0');
  });

  it('enables the codecs in priority order', () => {
    const order = ['opus', 'g722', 'pcma', 'pcmu', 'g729'];
    order.forEach((c, i) => {
      expect(full.get(`account.1.codec.${c}.enable`)).toBe('1');
      expect(full.get(`account.1.codec.${c}.priority`)).toBe(String(i + 1));
    });
    expect(full.has('account.1.codec.ilbc.enable')).toBe(false);
  });

  it('sets VLAN WAN 100/5, PC 200/1 and LLDP', () => {
    expect(full.get('static.network.vlan.internet_port_enable')).toBe('1');
    expect(full.get('static.network.vlan.internet_port_vid')).toBe('100');
    expect(full.get('static.network.vlan.internet_port_priority')).toBe('5');
    expect(full.get('static.network.vlan.pc_port_vid')).toBe('200');
    expect(full.get('static.network.vlan.pc_port_priority')).toBe('1');
    expect(full.get('static.network.lldp.enable')).toBe('1');
  });

  it('puts BLF keys after the line key, with labels and the pickup value', () => {
    expect(full.get('linekey.1.type')).toBe('15');
    expect(full.get('linekey.2.type')).toBe('16');
    expect(full.get('linekey.2.value')).toBe('2002');
    expect(full.get('linekey.2.label')).toBe('Bob Smith');
    expect(full.get('linekey.3.label')).toBe('Carol');
    expect(full.get('linekey.4.value')).toBe('2004');
    expect(full.get('linekey.4.extension')).toBe('*82004');
    expect(full.get('linekey.5.type')).toBe('0');
    expect(full.get('linekey.27.type')).toBe('0');
    expect(full.has('linekey.28.type')).toBe(false);
  });

  it('caps BLF keys at the model\'s key count (T31G: 2 keys, line + 1 BLF)', () => {
    const t31 = settings(render('T31G', 'device').text);
    expect(t31.get('linekey.2.value')).toBe('2002');
    expect(t31.has('linekey.3.type')).toBe(false);
  });

  it('maps transfer, language, time zone, date/time formats and preferences', () => {
    expect(full.get('transfer.dsskey_deal_type')).toBe('1'); // ATTENDED
    expect(full.get('lang.gui')).toBe('German');
    expect(full.get('lang.wui')).toBe('German');
    expect(full.get('local_time.time_zone')).toBe('+1');
    expect(full.get('local_time.time_zone_name')).toBe('Germany(Berlin)');
    expect(full.get('local_time.summer_time')).toBe('2');
    expect(full.get('local_time.time_format')).toBe('1');
    expect(full.get('local_time.date_format')).toBe('3'); // DD/MM/YYYY
    expect(full.get('phone_setting.backlight_time')).toBe('60');
    expect(full.get('screensaver.wait_time')).toBe('600');
    expect(full.get('phone_setting.common_power_led_enable')).toBe('1');
    expect(full.get('phone_setting.ring_type')).toBe('Ring3.wav');
    expect(full.get('features.dnd.enable')).toBe('1');
  });

  it('writes half-hour offsets as +H:MM and no DST where the zone has none', () => {
    const india = settings(render('T46U', 'device', 'full', (i) => Object.assign(i.phone, { timezone: 'Asia/Kolkata' })).text);
    expect(india.get('local_time.time_zone')).toBe('+5:30');
    expect(india.get('local_time.summer_time')).toBe('0');
    const ny = settings(render('T46U', 'device', 'full', (i) => Object.assign(i.phone, { timezone: 'America/New_York' })).text);
    expect(ny.get('local_time.time_zone')).toBe('-5');
    expect(ny.get('local_time.time_zone_name')).toBe('United States-Eastern Time');
  });

  it('writes DST rules by week when Yealink has no zone name for the time zone', () => {
    const unnamed = settings(
      render('T46U', 'device', 'full', (i) => {
        const { 'Europe/Berlin': _dropped, ...timezones } = i.vendor.maps.timezone!;
        Object.assign(i, { vendor: { ...i.vendor, maps: { ...i.vendor.maps, timezone: timezones } } });
      }).text
    );
    expect(unnamed.has('local_time.time_zone_name')).toBe(false);
    expect(unnamed.get('local_time.time_zone')).toBe('+1');
    expect(unnamed.get('local_time.summer_time')).toBe('1');
    expect(unnamed.get('local_time.dst_time_type')).toBe('1');
    expect(unnamed.get('local_time.start_time')).toBe('3/5/7/2'); // last Sunday of March, 02:00
    expect(unnamed.get('local_time.end_time')).toBe('10/5/7/3');
    expect(unnamed.get('local_time.offset_time')).toBe('60');
  });

  it('sets the web admin password, DNS servers and the provisioning URL', () => {
    expect(full.get('static.security.user_password')).toBe('admin:Adm1n&<pw>');
    expect(full.get('static.network.primary_dns')).toBe('192.168.1.1');
    expect(full.get('static.network.secondary_dns')).toBe('9.9.9.9');
    expect(full.get('static.auto_provision.server.url')).toMatch(/^http:\/\/pbx\.example\.com:8080\/provision\/Tok3n\w+\/$/);
  });

  it('maps the transfer NEW_CALL to 0 (a falsy value still emitted)', () => {
    const nc = settings(render('T46U', 'device', 'full', (i) => Object.assign(i.phone, { transfer: 'NEW_CALL' })).text);
    expect(nc.get('transfer.dsskey_deal_type')).toBe('0');
  });
});
