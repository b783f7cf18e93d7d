/**
 * Settings checked against the real vendors' syntax (templates/<vendor>/vendor.json `settings`):
 * no key or value can inject another key or break a file's format, managed keys are refused.
 */
import { describe, expect, it } from 'vitest';
import { SETTING_MASK, applySettingsChange, maskSettings } from '../../src/settings/mask.js';
import { settingsErrors } from '../../src/settings/rules.js';
import { registry } from '../helpers/vendor-render.js';
import { loadTestVendors } from '../helpers/api-harness.js';

const errorsOf = (vendorId: string, map: Record<string, string>, model?: string) => {
  const vendor = registry.get(vendorId)!.descriptor;
  return settingsErrors(vendor, model === undefined ? undefined : { name: model, caps: vendor.models[model]! }, map);
};

describe('settings syntax per vendor', () => {
  it('Yealink: a line break in a value (a second `key = value` line) is refused', () => {
    expect(errorsOf('yealink', { 'local_time.ntp_server1': 'pool.ntp.org\nstatic.auto_provision.server.url = http://evil/' })).toEqual([
      { field: 'settings.local_time.ntp_server1', message: 'must not contain control characters or line breaks' },
    ]);
    for (const bad of ['a\rb', 'a\u2028b', 'a\u0000b']) expect(errorsOf('yealink', { 'a.b': bad })).toHaveLength(1);
  });

  it('Yealink/Akuvox: a key with `=`, a space or `#` is refused (it would split the line differently)', () => {
    for (const key of ['a=b', 'a b', '#a', 'a\nb', '']) expect(errorsOf('yealink', { [key]: '1' }), key).toHaveLength(1);
    expect(errorsOf('akuvox', { 'Config.A = 1\nConfig.B': '1' })).toHaveLength(1);
  });

  it('Mitel: a key with a colon, a lock/reset prefix or double spaces, and a value with ` #`, are refused; names compare without case', () => {
    for (const key of ['a: b', '!time format', '^time format', 'time  format', ' time format', 'time format ']) expect(errorsOf('mitel', { [key]: '1' }), key).toHaveLength(1);
    expect(errorsOf('mitel', { 'time format': '1' })).toEqual([]);
    expect(errorsOf('mitel', { 'time server1': 'ntp # comment' })).toEqual([{ field: 'settings.time server1', message: 'must match ^(?!.*\\s#).*$' }]);
    expect(errorsOf('mitel', { 'SIP Line1 Password': 'x' })[0]?.message).toBe('is managed by the server and cannot be overridden');
  });

  it('XML vendors: a key that is no XML name (or starts with xml) is refused; `</x>` in a value is accepted (escaped when written)', () => {
    for (const vendor of ['cisco', 'snom', 'poly']) {
      for (const key of ['1abc', 'a b', 'a<b', 'a"b', 'a>b', '</x><y', 'xmlStuff', 'a/b']) {
        expect(errorsOf(vendor, { [key]: '1' }), `${vendor} ${key}`).toHaveLength(1);
      }
      expect(errorsOf(vendor, { Good_Name: '</x><Admin_Password>x</Admin_Password>' }), vendor).toEqual([]);
    }
    expect(errorsOf('gigaset', { 'a" value="x': '1' })).toHaveLength(1);
  });

  it('Grandstream and Htek: only P-value keys; `P1;P2` and alias names are refused', () => {
    for (const vendor of ['grandstream', 'htek']) {
      for (const key of ['P1;P2', 'P1 P2', 'p30', 'P', 'account.1.name', 'P123456']) expect(errorsOf(vendor, { [key]: '1' }), `${vendor} ${key}`).toHaveLength(1);
      expect(errorsOf(vendor, { P30: 'pool.ntp.org' })).toEqual([]);
    }
  });

  it('Fanvil: keys are <section>.<element>, both XML names', () => {
    expect(errorsOf('fanvil', { 'date.SNTPServer': 'pool.ntp.org' })).toEqual([]);
    for (const key of ['SNTPServer', 'a.b.c', 'date.1x', 'date.<x>']) expect(errorsOf('fanvil', { [key]: '1' }), key).toHaveLength(1);
  });

  it('keys the server manages are refused, in any case', () => {
    const managed: [string, string][] = [
      ['yealink', 'account.1.password'], ['yealink', 'STATIC.auto_provision.server.URL'], ['yealink', 'static.security.user_password'],
      ['akuvox', 'Config.Autoprovision.GENERAL.Url'], ['cisco', 'Profile_Rule'], ['cisco', 'Password_1_'], ['cisco', 'Admin_Password'],
      ['fanvil', 'ap.FlashServerIP'], ['fanvil', 'MMI_CONFIG_MODULE.Password'], ['gigaset', 'SipAccount.00001.AuthPassword'],
      ['grandstream', 'P34'], ['grandstream', 'P237'], ['grandstream', 'P1361'], ['htek', 'P2'], ['poly', 'reg.1.auth.password'],
      ['poly', 'device.prov.serverName'], ['snom', 'setting_server'], ['snom', 'user_pass'],
    ];
    for (const [vendor, key] of managed) {
      expect(errorsOf(vendor, { [key]: 'x' }), `${vendor} ${key}`).toEqual([{ field: `settings.${key}`, message: 'is managed by the server and cannot be overridden' }]);
    }
  });

  it('limits: number of keys and value length', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k.${i}`, 'v']));
    expect(errorsOf('yealink', many)).toEqual([{ field: 'settings', message: 'must have at most 100 keys for Yealink' }]);
    expect(errorsOf('yealink', { 'a.b': 'x'.repeat(513) })).toEqual([{ field: 'settings.a.b', message: 'must be at most 512 characters' }]);
    expect(errorsOf('yealink', { 'a.b': 'x'.repeat(512) })).toEqual([]);
  });

  it('a vendor without a settings syntax, and a model whose files have none, take no settings', () => {
    const acme = loadTestVendors().find((v) => v.id === 'acme')!.descriptor;
    expect(settingsErrors(acme, undefined, { a: '1' })).toEqual([{ field: 'settings', message: 'Acme Telephones phones take no settings (vendor.json has no settings syntax)' }]);
    expect(settingsErrors(acme, undefined, {})).toEqual([]);
    expect(errorsOf('gigaset', { 'SystemSettings.global.TimeServer': 'x' }, 'N510')).toEqual([
      { field: 'settings', message: 'the Gigaset N510 IP PRO takes no settings (its files have no settings syntax)' },
    ]);
  });
});

describe('masking secret-looking settings', () => {
  it('masks values of keys that look secret; a PATCH merges, null removes, the mask keeps the stored value', () => {
    const stored = { 'ldap.password': 'Ld4p!', 'ldap.host': 'ldap.example.com', 'wifi.key': 'k' };
    expect(maskSettings(stored)).toEqual({ 'ldap.password': SETTING_MASK, 'ldap.host': 'ldap.example.com', 'wifi.key': 'k' });
    const next = applySettingsChange(stored, { ...maskSettings(stored), 'ldap.host': 'ldap2.example.com', 'wifi.key': null }, { replace: false, field: 'settings' });
    expect(next).toEqual({ 'ldap.password': 'Ld4p!', 'ldap.host': 'ldap2.example.com' });
  });

  it('a PUT replaces the map; the mask for a key without a stored value is refused', () => {
    expect(applySettingsChange({ 'a.pwd': 'x', b: '1' }, { 'a.pwd': SETTING_MASK }, { replace: true, field: 'settings' })).toEqual({ 'a.pwd': 'x' });
    expect(() => applySettingsChange({}, { 'new.pwd': SETTING_MASK }, { replace: true, field: 'settings' })).toThrow(/settings\.new\.pwd: is the mask of a hidden value/);
  });

  it('a key named __proto__ stays a plain own key (never the map\'s prototype)', () => {
    const next = applySettingsChange({}, JSON.parse('{"__proto__": "x"}'), { replace: true, field: 'settings' });
    expect(Object.keys(next)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(maskSettings(next)).toEqual(next);
  });
});
