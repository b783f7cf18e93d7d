import { describe, expect, it } from 'vitest';
import { ProvError } from '../../src/errors.js';
import { parseWith } from '../../src/domain/fields.js';
import { PhoneCreateSchema, PhoneUpdateSchema, toPhoneView, type Phone } from '../../src/domain/phone.js';
import { LANGUAGES } from '../../src/domain/values.js';

const BASE = { mac: '00:15:65:AA:BB:CC', vendor: 'yealink', model: 'T46U' } as const;

function create(extra: Record<string, unknown>) {
  return parseWith(PhoneCreateSchema, { ...BASE, ...extra });
}

function rejection(schema: Parameters<typeof parseWith>[0], input: unknown): ProvError {
  try {
    parseWith(schema, input);
  } catch (err) {
    expect(err).toBeInstanceOf(ProvError);
    expect((err as ProvError).code).toBe('PROV_ERR_VALIDATION');
    return err as ProvError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

function badFields(extra: Record<string, unknown>): string[] {
  return rejection(PhoneCreateSchema, { ...BASE, ...extra }).errors.map((e) => e.field);
}

describe('identity fields', () => {
  it.each([['00:15:65:AA:BB:CC'], ['00-15-65-aa-bb-cc'], ['001565AABBCC'], ['0015.65aa.bbcc']])(
    'normalises the MAC %j to 12 lowercase hex digits',
    (mac) => {
      expect(create({ mac }).mac).toBe('001565aabbcc');
    }
  );

  it.each([['ff:ff:ff:ff:ff:ff'], ['01:00:5e:00:00:01'], ['00:15:65:AA:BB'], ['not a mac']])('refuses the MAC %j', (mac) => {
    expect(badFields({ mac })).toEqual(['mac']);
  });

  it('requires mac, vendor and model', () => {
    const err = rejection(PhoneCreateSchema, {});
    expect(err.errors.map((e) => e.field).sort()).toEqual(['mac', 'model', 'vendor']);
  });

  it('lowercases the vendor', () => {
    expect(create({ vendor: 'Yealink' }).vendor).toBe('yealink');
    expect(create({ vendor: 'GRANDSTREAM' }).vendor).toBe('grandstream');
  });

  it('refuses an empty vendor and an empty model', () => {
    expect(badFields({ vendor: '', model: '' }).sort()).toEqual(['model', 'vendor']);
  });
});

describe('language', () => {
  it('defaults to ENGLISH', () => {
    expect(create({}).language).toBe('ENGLISH');
  });

  it('offers exactly the 14 LCD languages of the seeds', () => {
    expect([...LANGUAGES].sort()).toEqual(
      [
        'BULGARIAN', 'CHINESE', 'DUTCH', 'ENGLISH', 'FRENCH', 'GERMAN', 'GREEK',
        'ITALIAN', 'JAPANESE', 'POLISH', 'RUSSIAN', 'SPANISH', 'SWEDISH', 'UKRAINIAN',
      ].sort()
    );
  });

  it.each(LANGUAGES.map((l) => [l]))('accepts %s', (language) => {
    expect(create({ language }).language).toBe(language);
  });

  it.each([['english'], ['KLINGON'], ['PORTUGUESE'], ['EN']])('refuses %j', (language) => {
    expect(badFields({ language })).toEqual(['language']);
  });
});

describe('transfer', () => {
  it('defaults to BLIND', () => {
    expect(create({}).transfer).toBe('BLIND');
  });

  it.each([['BLIND'], ['ATTENDED'], ['NEW_CALL']])('accepts %s', (transfer) => {
    expect(create({ transfer }).transfer).toBe(transfer);
  });

  it.each([['blind'], ['CONSULT'], ['']])('refuses %j', (transfer) => {
    expect(badFields({ transfer })).toEqual(['transfer']);
  });
});

describe('timezone', () => {
  it.each([['Europe/Berlin'], ['America/New_York'], ['Asia/Kolkata'], ['UTC']])('accepts the IANA name %s', (timezone) => {
    expect(create({ timezone }).timezone).toBe(timezone);
  });

  it.each([['europe/berlin', 'Europe/Berlin'], ['AMERICA/NEW_YORK', 'America/New_York'], ['utc', 'UTC']])(
    'stores %s in its conventional spelling %s',
    (timezone, stored) => {
      expect(create({ timezone }).timezone).toBe(stored);
    }
  );

  it.each([['Mars/Base'], ['+01:00'], ['-05:00'], [''], ['Berlin']])('refuses %j', (timezone) => {
    expect(rejection(PhoneCreateSchema, { ...BASE, timezone }).errors).toEqual([
      { field: 'timezone', message: 'must be an IANA time zone name such as Europe/Berlin' },
    ]);
  });
});

describe('codecs', () => {
  it('normalises known codecs in any case and spelling, keeping the priority order', () => {
    expect(create({ codecs: ['g.722', 'pcmu', 'Pcma', 'opus'] }).codecs).toEqual(['G722', 'PCMU', 'PCMA', 'OPUS']);
  });

  it('maps G.711 aliases to PCMU and PCMA', () => {
    expect(create({ codecs: ['G711U', 'g711a'] }).codecs).toEqual(['PCMU', 'PCMA']);
  });

  it('refuses a duplicate codec and names its index', () => {
    expect(rejection(PhoneCreateSchema, { ...BASE, codecs: ['PCMU', 'G722', 'pcmu'] }).errors).toEqual([
      { field: 'codecs.2', message: 'duplicate codec PCMU' },
    ]);
  });

  it('refuses a duplicate spelled differently (g.722 and G722)', () => {
    expect(badFields({ codecs: ['g.722', 'G722'] })).toEqual(['codecs.1']);
  });

  it('refuses an unknown codec and names its index', () => {
    expect(rejection(PhoneCreateSchema, { ...BASE, codecs: ['PCMU', 'H264'] }).errors).toEqual([
      { field: 'codecs.1', message: 'unknown codec "H264"' },
    ]);
  });

  it('refuses an empty codec list', () => {
    expect(rejection(PhoneCreateSchema, { ...BASE, codecs: [] }).errors).toEqual([
      { field: 'codecs', message: 'must list at least one codec' },
    ]);
  });

  it('refuses a codec list that is not an array', () => {
    expect(badFields({ codecs: 'PCMU,PCMA' })).toEqual(['codecs']);
  });
});

describe('VLAN', () => {
  it.each([['wan_port_id'], ['pc_port_id']])('accepts %s 1 and 4094', (field) => {
    expect(create({ [field]: 1 })[field as 'wan_port_id']).toBe(1);
    expect(create({ [field]: 4094 })[field as 'wan_port_id']).toBe(4094);
  });

  it.each([['wan_port_id'], ['pc_port_id']])('refuses %s 0, 4095, 1.5 and "10"', (field) => {
    for (const value of [0, 4095, 1.5, '10']) expect(badFields({ [field]: value })).toEqual([field]);
  });

  it.each([['wan_port_priority'], ['pc_port_priority']])('accepts %s 0 and 7', (field) => {
    expect(create({ [field]: 0 })[field as 'wan_port_priority']).toBe(0);
    expect(create({ [field]: 7 })[field as 'wan_port_priority']).toBe(7);
  });

  it.each([['wan_port_priority'], ['pc_port_priority']])('refuses %s -1 and 8', (field) => {
    expect(badFields({ [field]: -1 })).toEqual([field]);
    expect(badFields({ [field]: 8 })).toEqual([field]);
  });

  it('refuses enabling the WAN VLAN without wan_port_id', () => {
    expect(rejection(PhoneCreateSchema, { ...BASE, enable_vlan_wan_port: true }).errors).toEqual([
      { field: 'wan_port_id', message: 'is required when enable_vlan_wan_port is true' },
    ]);
  });

  it('refuses enabling the PC VLAN without pc_port_id', () => {
    expect(rejection(PhoneCreateSchema, { ...BASE, enable_vlan_pc_port: true }).errors).toEqual([
      { field: 'pc_port_id', message: 'is required when enable_vlan_pc_port is true' },
    ]);
  });

  it('accepts an enabled VLAN with its id', () => {
    const phone = create({ enable_vlan_wan_port: true, wan_port_id: 100, enable_vlan_pc_port: true, pc_port_id: 200 });
    expect(phone).toMatchObject({ enable_vlan_wan_port: true, wan_port_id: 100, enable_vlan_pc_port: true, pc_port_id: 200 });
  });

  it('accepts a VLAN id while the VLAN is disabled', () => {
    expect(create({ wan_port_id: 100 }).enable_vlan_wan_port).toBe(false);
  });

  it('names a missing VLAN id together with other bad fields', () => {
    const fields = badFields({ enable_vlan_wan_port: true, enable_vlan_pc_port: true, language: 'KLINGON' });
    expect(fields.sort()).toEqual(['language', 'pc_port_id', 'wan_port_id']);
  });

  it('refuses a body that is not an object without tripping the VLAN check', () => {
    expect(rejection(PhoneCreateSchema, null).errors.map((e) => e.field)).toEqual(['(body)']);
    expect(rejection(PhoneCreateSchema, [BASE]).errors.map((e) => e.field)).toEqual(['(body)']);
  });

  it('names an out-of-range VLAN id once, not also as missing', () => {
    expect(badFields({ enable_vlan_wan_port: true, wan_port_id: 0 })).toEqual(['wan_port_id']);
  });
});

// Issue 11: the length of a door code is the model's (vendor.json door_codes, checked by the
// API); the record's shape only says digits, 1-16 of them.
describe('door passwords', () => {
  it.each([['door_password1'], ['door_password2']])('accepts %s of 1, 4, 8 and 16 digits', (field) => {
    for (const value of ['7', '1234', '87654321', '1234567890123456']) {
      expect(create({ [field]: value })[field as 'door_password1']).toBe(value);
    }
  });

  it.each([['door_password1'], ['door_password2']])('refuses %s "12a4", "", " 123" and 17 digits', (field) => {
    for (const value of ['12a4', '', ' 123', '12345678901234567']) {
      expect(rejection(PhoneCreateSchema, { ...BASE, [field]: value }).errors).toEqual([
        { field, message: 'must be 1-16 digits' },
      ]);
    }
  });

  it('lets an update clear a door code with null, and only the door codes', () => {
    expect(PhoneUpdateSchema.parse({ door_password1: null, door_password2: null })).toEqual({ door_password1: null, door_password2: null });
    expect(rejection(PhoneUpdateSchema, { serial_number: null }).errors.map((e) => e.field)).toEqual(['serial_number']);
  });
});

describe('flags and settings', () => {
  it('defaults rps, https, LLDP, both VLAN flags and auto_resync to false', () => {
    expect(create({})).toMatchObject({
      auto_resync: false,
      rps: false,
      https: false,
      enable_lldp: false,
      enable_vlan_wan_port: false,
      enable_vlan_pc_port: false,
    });
  });

  it('keeps flags set to true', () => {
    expect(create({ rps: true, https: true, enable_lldp: true })).toMatchObject({ rps: true, https: true, enable_lldp: true });
  });

  it('refuses a flag given as a string', () => {
    expect(badFields({ enable_lldp: 'yes' })).toEqual(['enable_lldp']);
  });

  it('leaves PortSIP-required fields with server-side defaults absent', () => {
    const phone = create({});
    for (const field of ['filename', 'password', 'timezone', 'codecs', 'interface', 'preferred_transport']) {
      expect(phone).not.toHaveProperty(field);
    }
  });

  it('accepts interface and preferred_transport from their value sets and refuses others', () => {
    expect(create({ interface: 'SBC_DOMAIN', preferred_transport: 'TLS' })).toMatchObject({
      interface: 'SBC_DOMAIN',
      preferred_transport: 'TLS',
    });
    expect(badFields({ interface: 'LAN', preferred_transport: 'udp' }).sort()).toEqual(['interface', 'preferred_transport']);
  });

  it('refuses a line break in a setting written to vendor files', () => {
    expect(badFields({ ringtone: 'Ring1.wav\nevil=1', serial_number: 'SN\r1' }).sort()).toEqual(['ringtone', 'serial_number']);
  });

  it('refuses an unknown field and names it', () => {
    expect(rejection(PhoneCreateSchema, { ...BASE, colour: 'black' }).errors).toEqual([
      { field: 'colour', message: 'unknown field' },
    ]);
  });
});

describe('PhoneUpdateSchema', () => {
  it('applies no defaults: an empty update stays empty', () => {
    expect(parseWith(PhoneUpdateSchema, {})).toEqual({});
  });

  it('returns only the fields sent, normalised', () => {
    expect(parseWith(PhoneUpdateSchema, { mac: '00-15-65-AA-BB-CC', vendor: 'Snom', codecs: ['g.722'] })).toEqual({
      mac: '001565aabbcc',
      vendor: 'snom',
      codecs: ['G722'],
    });
  });

  it('applies the same field rules as creation', () => {
    const err = rejection(PhoneUpdateSchema, { wan_port_id: 4095, door_password1: '12a', language: 'english' });
    expect(err.errors.map((e) => e.field).sort()).toEqual(['door_password1', 'language', 'wan_port_id']);
  });
});

describe('toPhoneView', () => {
  it('drops password and both door passwords and keeps everything else', () => {
    const phone: Phone = {
      ...create({ door_password1: '2468', door_password2: '13579', timezone: 'Europe/Berlin' }),
      mac: create({}).mac,
      id: 'p1',
      user_id: 'u1',
      filename: 'yealink_t46u.cfg',
      password: 'web-secret',
      timezone: 'Europe/Berlin',
      codecs: ['PCMU'],
      interface: 'WEB_DOMAIN',
      preferred_transport: 'UDP',
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:00.000Z',
    };
    const view = toPhoneView(phone);
    expect(view).not.toHaveProperty('password');
    expect(view).not.toHaveProperty('door_password1');
    expect(view).not.toHaveProperty('door_password2');
    expect(JSON.stringify(view)).not.toMatch(/web-secret|2468|13579/);
    expect(view).toMatchObject({ id: 'p1', mac: '001565aabbcc', vendor: 'yealink', timezone: 'Europe/Berlin' });
  });
});
