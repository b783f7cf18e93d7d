import { describe, expect, it } from 'vitest';
import { ProvError, type FieldError } from '../../src/errors.js';
import { parseWith } from '../../src/domain/fields.js';
import { toUserView, UserCreateSchema, UserUpdateSchema, type User } from '../../src/domain/user.js';
import { userNameKey } from '../../src/domain/user-name.js';
import { BUILTIN_ROLES } from '../../src/domain/values.js';

/** The smallest body PortSIP's rules allow us to accept. */
const BASE = { name: 'alice', extension_number: '101', extension_password: 'ext-secret' } as const;

function create(extra: Record<string, unknown>) {
  return parseWith(UserCreateSchema, { ...BASE, ...extra });
}

/** The ProvError thrown by parsing `input`; fails the test when parsing succeeds. */
function rejection(schema: Parameters<typeof parseWith>[0], input: unknown): ProvError {
  try {
    parseWith(schema, input);
  } catch (err) {
    expect(err).toBeInstanceOf(ProvError);
    return err as ProvError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

/** Field names of the errors when creating with `extra` on top of BASE. */
function badFields(extra: Record<string, unknown>): string[] {
  return rejection(UserCreateSchema, { ...BASE, ...extra }).errors.map((e: FieldError) => e.field);
}

describe('user name', () => {
  it.each([
    ['ASCII letters', 'alice'],
    ['digits only', '1001'],
    ['letters with accents', 'José'],
    ['diaeresis', 'Zoë'],
    ['German umlaut', 'Jürgen'],
    ['Greek', 'Ελένη'],
    ['Chinese', '李小龙'],
    ['Devanagari with vowel signs', 'राम'],
    ['underscore', 'alice_smith'],
    ['dash', 'alice-smith'],
    ['single quote', "o'neil"],
    ['inner period', 'alice.smith'],
    ['all four specials inside', "a_b-c'd.e"],
  ])('accepts a name with %s (%s)', (_label, name) => {
    expect(create({ name }).name).toBe(name);
  });

  // Issue 9: NFD "José" was accepted beside NFC "José"; it is stored in NFC now.
  it('accepts a decomposed (NFD) accented name and answers it composed (NFC)', () => {
    expect(create({ name: 'Jose\u0301' }).name).toBe('Jos\u00e9');
    expect(parseWith(UserUpdateSchema, { name: 'Jose\u0301' }).name).toBe('Jos\u00e9');
  });

  it('refuses a name that starts with a lone combining mark', () => {
    expect(badFields({ name: '\u0301alice' })).toEqual(['name']);
  });

  it.each([
    ['a space', 'alice smith'],
    ['an at sign', 'alice@example'],
    ['a slash', 'alice/bob'],
    ['a plus', 'alice+1'],
    ['a double quote', 'al"ice'],
    ['a semicolon', 'alice;'],
    ['a line break', 'alice\nbob'],
    ['an emoji', 'alice😀'],
    ['a zero-width space', 'ali\u200bce'],
  ])('refuses a name with %s', (_label, name) => {
    expect(badFields({ name })).toEqual(['name']);
  });

  it.each([['.alice'], ['alice.'], ['.'], ['.alice.']])('refuses a name starting or ending with a period (%j)', (name) => {
    const err = rejection(UserCreateSchema, { ...BASE, name });
    expect(err.errors).toContainEqual({ field: 'name', message: 'must not start or end with a period' });
  });

  it.each([['admin'], ['System'], ['ADMINISTRATOR'], ['root'], ['RoOt'], ['sYsTeM']])(
    'refuses the reserved name %j in any case',
    (name) => {
      const err = rejection(UserCreateSchema, { ...BASE, name });
      expect(err.errors).toEqual([{ field: 'name', message: 'is reserved for the system administrator' }]);
    }
  );

  // Issue 9: `ADMİN` (U+0130) and `admın` (U+0131) passed the reserved-name rule.
  it.each([['ADM\u0130N'], ['adm\u0131n'], ['\uff21\uff24\uff2d\uff29\uff2e'], ['\u{1d42b}\u{1d428}\u{1d428}\u{1d42d}']])(
    'refuses the reserved name written with Turkish i forms or compatibility letters (%j)',
    (name) => {
      const err = rejection(UserCreateSchema, { ...BASE, name });
      expect(err.errors).toEqual([{ field: 'name', message: 'is reserved for the system administrator' }]);
    }
  );

  it.each([['admin1'], ['rootbeer'], ['sysadmin'], ['administrators'], ['admin.root']])(
    'accepts a name that merely contains a reserved word (%j)',
    (name) => {
      expect(create({ name }).name).toBe(name);
    }
  );

  it('accepts a name of 1 and of 64 characters', () => {
    expect(create({ name: 'a' }).name).toBe('a');
    expect(create({ name: 'a'.repeat(64) }).name).toHaveLength(64);
  });

  it('refuses an empty name and a name of 65 characters', () => {
    expect(badFields({ name: '' })).toContain('name');
    expect(badFields({ name: 'a'.repeat(65) })).toEqual(['name']);
  });

  it('requires a name', () => {
    const { name: _n, ...body } = BASE;
    expect(rejection(UserCreateSchema, body).errors).toEqual([{ field: 'name', message: 'is required' }]);
  });
});

describe('userNameKey', () => {
  it.each([
    ['dotted capital I', 'ADM\u0130N', 'admin'],
    ['dotless small i', 'adm\u0131n', 'admin'],
    ['fullwidth letters', '\uff21\uff44\uff4d\uff49\uff4e', 'admin'],
    ['NFD and NFC', 'Jose\u0301', 'jos\u00e9'],
    ['sharp s', 'Stra\u00dfe', 'strasse'],
    ['a ligature', '\ufb01nn', 'finn'],
    ['final sigma', '\u039f\u0394\u039f\u03a3', '\u03bf\u03b4\u03bf\u03c2'],
  ])('folds %s to one key', (_label, name, key) => {
    expect(userNameKey(name)).toBe(key);
    expect(userNameKey(key)).toBe(key);
  });

  it('keeps different names apart', () => {
    expect(userNameKey('anna')).not.toBe(userNameKey('anne'));
    expect(userNameKey('Jos\u00e9')).not.toBe(userNameKey('Jose'));
  });
});

describe('extension number', () => {
  it.each([['100'], ['0123'], ['1'.repeat(64)]])('accepts %j', (extension_number) => {
    expect(create({ extension_number }).extension_number).toBe(extension_number);
  });

  it.each([
    ['two digits', '12'],
    ['65 digits', '1'.repeat(65)],
    ['a letter', '10a'],
    ['a plus sign', '+100'],
    ['whitespace', ' 100'],
    ['full-width digits', '１２３'],
    ['a number instead of a string', 100],
  ])('refuses %s', (_label, extension_number) => {
    expect(badFields({ extension_number })).toEqual(['extension_number']);
  });

  it('requires an extension number and its password', () => {
    const err = rejection(UserCreateSchema, { name: 'alice' });
    expect(err.errors.map((e) => e.field).sort()).toEqual(['extension_number', 'extension_password']);
    expect(err.errors.every((e) => e.message === 'is required')).toBe(true);
  });

  it('refuses an empty extension password', () => {
    expect(badFields({ extension_password: '' })).toEqual(['extension_password']);
  });
});

describe('email', () => {
  it('accepts an address of exactly 128 characters', () => {
    const email = `${'a'.repeat(116)}@example.com`;
    expect(email).toHaveLength(128);
    expect(create({ email }).email).toBe(email);
  });

  it('refuses an address of 129 characters', () => {
    expect(badFields({ email: `${'a'.repeat(117)}@example.com` })).toEqual(['email']);
  });

  it.each([['not-an-email'], ['alice@'], ['@example.com'], ['alice@example'], ['alice smith@example.com']])(
    'refuses the malformed address %j',
    (email) => {
      expect(badFields({ email })).toEqual(['email']);
    }
  );
});

describe('display name', () => {
  it('accepts 1024 characters including non-ASCII', () => {
    const display_name = `Jürgen Müller ${'x'.repeat(1010)}`;
    expect(display_name).toHaveLength(1024);
    expect(create({ display_name }).display_name).toBe(display_name);
  });

  it('refuses 1025 characters', () => {
    expect(badFields({ display_name: 'x'.repeat(1025) })).toEqual(['display_name']);
  });

  it.each([
    ['a newline', 'Alice\naccount.1.auth_name = evil'],
    ['a carriage return', 'Alice\rBob'],
    ['a CRLF', 'Alice\r\nBob'],
    ['a NUL', 'Alice\u0000'],
    ['a tab', 'Alice\tBob'],
  ])('refuses a display name containing %s (it would inject a key into line-based files)', (_label, display_name) => {
    const err = rejection(UserCreateSchema, { ...BASE, display_name });
    expect(err.errors).toEqual([
      { field: 'display_name', message: 'must not contain control characters or line breaks' },
    ]);
  });
});

describe('contact fields', () => {
  it.each([['mobile_phone'], ['work_phone'], ['home_phone']])('accepts a %s of 32 characters', (field) => {
    const value = `+${'1'.repeat(31)}`;
    expect(create({ [field]: value })[field as 'mobile_phone']).toBe(value);
  });

  it.each([['mobile_phone'], ['work_phone'], ['home_phone']])('refuses a %s of 33 characters', (field) => {
    expect(badFields({ [field]: `+${'1'.repeat(32)}` })).toEqual([field]);
  });

  it('accepts a formatted phone number', () => {
    expect(create({ mobile_phone: '+49 (30) 1234-567' }).mobile_phone).toBe('+49 (30) 1234-567');
  });

  it.each([['address'], ['department']])('accepts a %s of 128 characters and refuses 129', (field) => {
    expect(create({ [field]: 'd'.repeat(128) })[field as 'address']).toHaveLength(128);
    expect(badFields({ [field]: 'd'.repeat(129) })).toEqual([field]);
  });

  it('refuses a line break in the address', () => {
    expect(badFields({ address: 'Main St 1\nBerlin' })).toEqual(['address']);
  });
});

describe('enumerations', () => {
  it('defaults sms to DISABLE', () => {
    expect(create({}).sms).toBe('DISABLE');
  });

  it.each([['DISABLE'], ['ALLOW'], ['ALLOW_WITH_SENDER_ID']])('accepts sms %s', (sms) => {
    expect(create({ sms }).sms).toBe(sms);
  });

  it.each([['allow'], ['ENABLE'], ['']])('refuses sms %j', (sms) => {
    expect(badFields({ sms })).toEqual(['sms']);
  });

  it.each([['DISABLE'], ['12_HOUR_CLOCK'], ['24_HOUR_CLOCK']])('accepts voicemail_play_datetime %s', (v) => {
    expect(create({ voicemail_play_datetime: v }).voicemail_play_datetime).toBe(v);
  });

  it.each([['12H'], ['24_hour_clock'], ['ENABLE']])('refuses voicemail_play_datetime %j', (v) => {
    expect(badFields({ voicemail_play_datetime: v })).toEqual(['voicemail_play_datetime']);
  });

  it.each([['WEB_DOMAIN'], ['PUBLIC_IPV4'], ['PUBLIC_IPV6'], ['PRIVATE_IPV4'], ['PRIVATE_IPV6'], ['SBC_DOMAIN']])(
    'accepts interface %s',
    (v) => {
      expect(create({ interface: v }).interface).toBe(v);
    }
  );

  it.each([['LAN'], ['web_domain'], ['IPV4']])('refuses interface %j', (v) => {
    expect(badFields({ interface: v })).toEqual(['interface']);
  });

  it.each([['UDP'], ['TCP'], ['TLS']])('accepts preferred_transport %s', (v) => {
    expect(create({ preferred_transport: v }).preferred_transport).toBe(v);
  });

  it.each([['udp'], ['SCTP'], ['WSS']])('refuses preferred_transport %j', (v) => {
    expect(badFields({ preferred_transport: v })).toEqual(['preferred_transport']);
  });
});

describe('role', () => {
  it.each([
    ['systemadmin', 'SystemAdmin'],
    ['REPLICATOR', 'Replicator'],
    ['dealer', 'Dealer'],
    ['admin', 'Admin'],
    ['standarduser', 'StandardUser'],
    ['StandardInternationalUSER', 'StandardInternationalUser'],
    ['queuemanager', 'QueueManager'],
  ])('normalises the built-in role %j to %s', (role, canonical) => {
    expect(create({ role }).role).toBe(canonical);
  });

  it('knows the seven built-in roles of the seeds', () => {
    expect([...BUILTIN_ROLES].sort()).toEqual(
      ['Admin', 'Dealer', 'QueueManager', 'Replicator', 'StandardInternationalUser', 'StandardUser', 'SystemAdmin'].sort()
    );
  });

  it('accepts a custom role unchanged', () => {
    expect(create({ role: 'Front Desk' }).role).toBe('Front Desk');
  });

  it('refuses an empty role', () => {
    expect(rejection(UserCreateSchema, { ...BASE, role: '' }).errors).toEqual([
      { field: 'role', message: 'must not be empty' },
    ]);
  });

  it('refuses a role of 65 characters', () => {
    expect(badFields({ role: 'r'.repeat(65) })).toEqual(['role']);
  });
});

describe('voicemail PIN', () => {
  it.each([['135790'], ['102938'], ['1357924680'], ['246813']])('accepts the PIN %s', (voicemail_pin) => {
    expect(create({ voicemail_pin }).voicemail_pin).toBe(voicemail_pin);
  });

  it('refuses a PIN of 5 digits and one of 11 digits', () => {
    expect(badFields({ voicemail_pin: '13579' })).toEqual(['voicemail_pin']);
    expect(badFields({ voicemail_pin: '13579135791' })).toEqual(['voicemail_pin']);
  });

  it('refuses a PIN with a non-digit', () => {
    expect(badFields({ voicemail_pin: '13a790' })).toEqual(['voicemail_pin']);
  });

  it.each([['581116'], ['000000'], ['135222']])('refuses a voicemail PIN with three repeating digits (%s)', (pin) => {
    expect(badFields({ voicemail_pin: pin })).toEqual(['voicemail_pin']);
  });

  it.each([['590124'], ['135789'], ['012468']])('refuses a voicemail PIN with three ascending digits (%s)', (pin) => {
    expect(badFields({ voicemail_pin: pin })).toEqual(['voicemail_pin']);
  });

  it.each([['319874'], ['246210'], ['987531']])('refuses a voicemail PIN with three descending digits (%s)', (pin) => {
    expect(badFields({ voicemail_pin: pin })).toEqual(['voicemail_pin']);
  });

  it('accepts two repeating and two sequential digits', () => {
    expect(create({ voicemail_pin: '113560' }).voicemail_pin).toBe('113560');
  });
});

describe('JSON and structured fields', () => {
  it('accepts custom_options that is a JSON string', () => {
    expect(create({ custom_options: '{"theme":"dark"}' }).custom_options).toBe('{"theme":"dark"}');
  });

  it.each([['{theme:dark}'], [''], ['{"a":']])('refuses custom_options %j that does not parse', (custom_options) => {
    expect(rejection(UserCreateSchema, { ...BASE, custom_options }).errors).toEqual([
      { field: 'custom_options', message: 'must be a JSON string' },
    ]);
  });

  it('refuses custom_options given as an object instead of a string', () => {
    expect(badFields({ custom_options: { theme: 'dark' } })).toEqual(['custom_options']);
  });

  it('canonicalises the voicemail prompt BCP 47 tag', () => {
    expect(create({ voicemail_prompt: 'en-us' }).voicemail_prompt).toBe('en-US');
    expect(create({ voicemail_prompt: 'zh-hant-tw' }).voicemail_prompt).toBe('zh-Hant-TW');
  });

  it('refuses a voicemail prompt that is not a BCP 47 tag', () => {
    expect(badFields({ voicemail_prompt: 'not a tag!' })).toEqual(['voicemail_prompt']);
  });

  it('accepts BLF items with key, value, first and last name', () => {
    const blfs = [{ key: '102', value: 'sip:102@pbx', first_name: 'Bob', last_name: 'Jones' }, { key: '103' }];
    expect(create({ blfs }).blfs).toEqual(blfs);
  });

  it('refuses a BLF item without a key', () => {
    expect(rejection(UserCreateSchema, { ...BASE, blfs: [{ key: '102' }, { first_name: 'Bob' }] }).errors).toEqual([
      { field: 'blfs.1.key', message: 'is required' },
    ]);
  });

  it('refuses a BLF item with an empty key', () => {
    expect(badFields({ blfs: [{ key: '' }] })).toEqual(['blfs.0.key']);
  });

  it('refuses an unknown key in a BLF item', () => {
    expect(rejection(UserCreateSchema, { ...BASE, blfs: [{ key: '102', color: 'red' }] }).errors).toEqual([
      { field: 'blfs.0.color', message: 'unknown field' },
    ]);
  });

  it('accepts outbound caller IDs of PortSIP shape', () => {
    const ids = [{ provider_id: 'trunk-1', caller_id: '+4930123456', preferred: true, description: 'main line' }];
    expect(create({ outbound_caller_ids: ids }).outbound_caller_ids).toEqual(ids);
  });

  it('refuses an outbound caller ID without caller_id and with a non-boolean preferred', () => {
    expect(badFields({ outbound_caller_ids: [{ preferred: 'yes' }] }).sort()).toEqual([
      'outbound_caller_ids.0.caller_id',
      'outbound_caller_ids.0.preferred',
    ]);
  });

  it('accepts forward rules and office hours that are objects', () => {
    const rule = { action: 'FORWARD_TO_NUMBER', number: '0301234' };
    const user = create({ busy_office_hours_forward_rule: rule, office_hours: { monday: ['09:00-17:00'] } });
    expect(user.busy_office_hours_forward_rule).toEqual(rule);
    expect(user.office_hours).toEqual({ monday: ['09:00-17:00'] });
  });

  it.each([['a string', 'FORWARD'], ['an array', [1, 2]], ['a number', 1], ['null', null]])(
    'refuses a forward rule that is %s',
    (_label, value) => {
      expect(badFields({ available_office_hours_forward_rule: value })).toEqual(['available_office_hours_forward_rule']);
    }
  );

  it('accepts custom forward rules of PortSIP shape and refuses unknown keys in them', () => {
    const rule = { action: 'FORWARD', number: '200', caller_id: '300', type: 'ALWAYS', hours: {} };
    expect(create({ custom_forward_rules: [rule] }).custom_forward_rules).toEqual([rule]);
    expect(badFields({ custom_forward_rules: [{ action: 'FORWARD', when: 'always' }] })).toEqual([
      'custom_forward_rules.0.when',
    ]);
  });
});

describe('defaults', () => {
  it('applies exactly the defaults PortSIP documents', () => {
    const user = create({});
    expect(user).toMatchObject({
      enabled: true,
      enable_audio_recording: false,
      enable_video_recording: false,
      enable_hot_desking: false,
      anonymous_outbound_calls: false,
      delivery_outbound_cid: true,
      enable_voicemail_pin: true,
      enable_voicemail_notify: false,
      sms: 'DISABLE',
    });
  });

  it('keeps explicit values over defaults', () => {
    const user = create({ enabled: false, delivery_outbound_cid: false, enable_voicemail_pin: false, sms: 'ALLOW' });
    expect(user).toMatchObject({ enabled: false, delivery_outbound_cid: false, enable_voicemail_pin: false, sms: 'ALLOW' });
  });

  it('refuses a flag given as a string', () => {
    expect(badFields({ enabled: 'true' })).toEqual(['enabled']);
  });
});

describe('whole-body errors', () => {
  it('refuses an unknown field and names it', () => {
    expect(rejection(UserCreateSchema, { ...BASE, nickname: 'al' }).errors).toEqual([
      { field: 'nickname', message: 'unknown field' },
    ]);
  });

  it('names each unknown field separately', () => {
    const fields = badFields({ nickname: 'al', shoe_size: 42 });
    expect(fields.sort()).toEqual(['nickname', 'shoe_size']);
  });

  it('names every bad field at once with code PROV_ERR_VALIDATION', () => {
    const err = rejection(UserCreateSchema, {
      ...BASE,
      name: 'root',
      extension_number: '12',
      email: 'nope',
      voicemail_pin: '123456',
      sms: 'MAYBE',
      display_name: 'a\nb',
      bogus: true,
    });
    expect(err.code).toBe('PROV_ERR_VALIDATION');
    expect(err.status).toBe(400);
    expect(new Set(err.errors.map((e) => e.field))).toEqual(
      new Set(['name', 'extension_number', 'email', 'voicemail_pin', 'sms', 'display_name', 'bogus'])
    );
    for (const field of ['name', 'extension_number', 'email', 'voicemail_pin', 'sms', 'display_name', 'bogus']) {
      expect(err.message).toContain(`${field}:`);
    }
  });

  it('refuses a body that is not an object', () => {
    expect(rejection(UserCreateSchema, 'alice').errors).toEqual([{ field: '(body)', message: expect.any(String) }]);
  });
});

describe('UserUpdateSchema', () => {
  it('applies no defaults: an empty update stays empty', () => {
    expect(parseWith(UserUpdateSchema, {})).toEqual({});
  });

  it('returns only the fields sent, normalised', () => {
    expect(parseWith(UserUpdateSchema, { sms: 'ALLOW', role: 'queuemanager', voicemail_prompt: 'de-de' })).toEqual({
      sms: 'ALLOW',
      role: 'QueueManager',
      voicemail_prompt: 'de-DE',
    });
  });

  it('applies the same rules as creation', () => {
    const err = rejection(UserUpdateSchema, { name: 'Admin', voicemail_pin: '111357', enabled: 'yes' });
    expect(err.errors.map((e) => e.field).sort()).toEqual(['enabled', 'name', 'voicemail_pin']);
  });

  it('refuses unknown fields', () => {
    expect(rejection(UserUpdateSchema, { nickname: 'al' }).errors).toEqual([{ field: 'nickname', message: 'unknown field' }]);
  });
});

describe('toUserView', () => {
  it('drops password, extension_password and voicemail_pin and keeps everything else', () => {
    const user: User = {
      ...create({ password: 'web-secret', voicemail_pin: '135790', email: 'alice@example.com' }),
      id: 'u1',
      provision_token: 'tok',
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:00.000Z',
    };
    const view = toUserView(user);
    expect(view).not.toHaveProperty('password');
    expect(view).not.toHaveProperty('extension_password');
    expect(view).not.toHaveProperty('voicemail_pin');
    expect(JSON.stringify(view)).not.toMatch(/web-secret|ext-secret|135790/);
    expect(view).toMatchObject({ id: 'u1', name: 'alice', email: 'alice@example.com', extension_number: '101' });
  });
});
