/**
 * The record codec (issue 9, §3): a record's secret fields sealed together as one AES-256-GCM value
 * bound to the record, the rest plain; plain values of older data open as they are; the folder
 * token indexed by a keyed hash. (Records the first sealing build stored field by field:
 * codec-v1.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { PHONE_SECRETS, type Phone } from '../../src/domain/phone.js';
import { USER_SECRETS } from '../../src/domain/user.js';
import { PLAIN_CODEC } from '../../src/secrets/codec.js';
import { SEALED_FIELD, SECRET_FIELDS } from '../../src/secrets/fields.js';
import { newKeyEntry } from '../../src/secrets/key-file.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { altered, provErrorOf, sealedOf, sealedValueCount, testCodec } from './support.js';

const SEALED = /^\$enc\$v2\$[0-9a-f]{8}\$[A-Za-z0-9_-]+$/;

function secretUser() {
  return makeUser({ password: 'user-Pa55word', voicemail_pin: '135792', extension_password: 'ext-Pa55word' });
}

/** The fields of `r` that are neither secret nor the sealed value. */
const rest = (kind: 'user' | 'phone', r: object) =>
  Object.fromEntries(Object.entries(r).filter(([k]) => k !== SEALED_FIELD && !(SECRET_FIELDS[kind] as readonly string[]).includes(k)));

describe('createRecordCodec', () => {
  it('seals the secret fields of a user as one value in place of the fields, leaving every other field as given', () => {
    const { codec, keyring } = testCodec();
    const user = secretUser();

    const { doc } = codec.sealUser(user);

    for (const field of SECRET_FIELDS.user) expect(doc, field).not.toHaveProperty(field);
    expect(sealedOf(doc)).toMatch(SEALED);
    expect(sealedOf(doc)).toContain(`$${keyring.current().id}$`);
    expect(sealedValueCount(doc)).toBe(1); // one cipher set-up to open, not one per field
    const text = JSON.stringify(doc);
    for (const field of SECRET_FIELDS.user) expect(text).not.toContain(user[field]!);
    expect(rest('user', doc)).toStrictEqual(rest('user', user));
    expect(user.extension_password).toBe('ext-Pa55word'); // the input is not changed
    expect(user).not.toHaveProperty(SEALED_FIELD);
  });

  it('seals the secret fields of a phone as one value and opens them back, keeping stored extras such as sightings', () => {
    const { codec } = testCodec();
    const phone = makePhone({ id: 'u1' }, { door_password1: '1234', door_password2: '98765' });
    const stored = { ...codec.sealPhone(phone), last_seen_at: '2026-01-01T00:00:00.000Z', last_seen_ip: '10.0.0.9' };

    expect(sealedOf(stored)).toMatch(SEALED);
    expect(sealedValueCount(stored)).toBe(1);
    for (const field of SECRET_FIELDS.phone) expect(stored, field).not.toHaveProperty(field);

    expect(codec.openPhone(stored)).toStrictEqual({ ...phone, last_seen_at: '2026-01-01T00:00:00.000Z', last_seen_ip: '10.0.0.9' });
  });

  it('opens a sealed user back to the record it sealed, any text included', () => {
    const { codec } = testCodec();
    const user = makeUser({ extension_password: 'pässwörd ☎ 𝄞 "quoted" \\ $enc$', password: '{"password":"x"}' });

    expect(codec.openUser(codec.sealUser(user).doc)).toStrictEqual(user);
  });

  it('seals only the secret fields present: an absent one stays absent, a record without any has no sealed value', () => {
    const { codec } = testCodec();
    const phone = makePhone({ id: 'u1' });
    const { password: _, ...bare } = phone;

    expect(phone).not.toHaveProperty('door_password1');
    expect(codec.openPhone(codec.sealPhone(phone))).toStrictEqual(phone);
    const sealedBare = codec.sealPhone(bare as Phone);
    expect(sealedBare).toStrictEqual(bare);
    expect(codec.openPhone(sealedBare)).toStrictEqual(bare);
    expect(codec.needsReseal('phone', sealedBare)).toBe(false);
  });

  it('seals one record differently each time (random IV), and both open', () => {
    const { codec } = testCodec();
    const user = secretUser();

    const a = codec.sealUser(user).doc;
    const b = codec.sealUser(user).doc;

    expect(sealedOf(a)).not.toBe(sealedOf(b));
    expect(codec.openUser(a)).toStrictEqual(user);
    expect(codec.openUser(b)).toStrictEqual(user);
  });

  it('refuses sealed secrets moved to another record, naming the record and no secret', () => {
    const { codec } = testCodec();
    const victim = codec.sealUser(secretUser()).doc;
    const attacker = codec.sealUser(makeUser()).doc;

    const err = provErrorOf(() => codec.openUser({ ...attacker, [SEALED_FIELD]: sealedOf(victim) }));

    expect(err.code).toBe('PROV_ERR_STORE_CORRUPT');
    expect(err.message).toContain(`user ${attacker.id}: ${SEALED_FIELD} does not open`);
    expect(err.message).not.toContain('ext-Pa55word');
  });

  it('refuses an altered sealed value, and a sealed field that holds no sealed value', () => {
    const { codec } = testCodec();
    const sealed = codec.sealPhone(makePhone({ id: 'u1' }));
    const value = sealedOf(sealed);

    expect(provErrorOf(() => codec.openPhone({ ...sealed, [SEALED_FIELD]: altered(value) })).code).toBe('PROV_ERR_STORE_CORRUPT');
    for (const bad of ['web-pw', 42, value.replace('$enc$v2$', '$enc$v1$')]) {
      expect(provErrorOf(() => codec.openPhone({ ...sealed, [SEALED_FIELD]: bad })).code, String(bad)).toBe('PROV_ERR_STORE_CORRUPT');
    }
  });

  it('answers plain values of records written before sealing as they are, and marks them for re-sealing', () => {
    const { codec } = testCodec();
    const legacy = secretUser();

    expect(codec.openUser(legacy)).toStrictEqual(legacy);
    expect(codec.needsReseal('user', legacy)).toBe(true);
    expect(codec.needsReseal('user', codec.sealUser(legacy).doc)).toBe(false);
  });

  it('seals a value that only looks sealed, and gives it back as it was', () => {
    const { codec } = testCodec();
    const [v1, v2] = ['v1', 'v2'].map((format) => `$enc$${format}$abcd1234$${'A'.repeat(40)}`);
    const user = makeUser({ password: v1!, extension_password: v2! });

    const { doc } = codec.sealUser(user);

    expect(JSON.stringify(doc)).not.toContain('abcd1234');
    expect(codec.openUser(doc)).toStrictEqual(user);
  });

  it('opens values sealed under an older key and marks them for re-sealing under the current one', () => {
    const old = newKeyEntry();
    const { codec, keys, keyring } = testCodec([old]);
    const user = secretUser();
    const sealedOld = codec.sealUser(user).doc;

    keys.replace([newKeyEntry(), old]);
    keyring.reload();

    expect(codec.openUser(sealedOld)).toStrictEqual(user);
    expect(codec.needsReseal('user', sealedOld)).toBe(true);
    expect(codec.keyIds('user', sealedOld)).toEqual([old.id]);
    expect(codec.keyIds('user', codec.sealUser(user).doc)).toEqual([keyring.current().id]);
  });

  it('answers PROV_ERR_SECRET_KEY_UNKNOWN naming the key id and the key file when the file lacks the key', () => {
    const elsewhere = testCodec().codec.sealUser(secretUser()).doc;
    const { codec } = testCodec();
    const id = /\$enc\$v2\$([0-9a-f]{8})\$/.exec(sealedOf(elsewhere))![1]!;

    const err = provErrorOf(() => codec.openUser(elsewhere));

    expect(err.code).toBe('PROV_ERR_SECRET_KEY_UNKNOWN');
    expect(err.message).toBe(`A stored secret is sealed with key ${id}, which the key file test-keys does not hold`);
  });

  it('seals every field the domain keeps secret, and the folder token', () => {
    expect(SECRET_FIELDS.user).toEqual(expect.arrayContaining([...USER_SECRETS, 'provision_token']));
    expect(SECRET_FIELDS.phone).toEqual(expect.arrayContaining([...PHONE_SECRETS]));
  });
});

describe('the folder-token index', () => {
  it('is a keyed hash of the token, the same for the same token under one key', () => {
    const { codec } = testCodec();
    const user = secretUser();

    const { tokenKey } = codec.sealUser(user);

    expect(tokenKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenKey).not.toContain(user.provision_token);
    expect(codec.tokenIndexKey(user.provision_token)).toBe(tokenKey);
    expect(codec.sealUser(user).tokenKey).toBe(tokenKey);
    expect(codec.tokenIndexKey(`${user.provision_token}x`)).not.toBe(tokenKey);
  });

  it('is looked up under every key held, current first, so a user indexed before a rotation is found', () => {
    const old = newKeyEntry();
    const { codec, keys, keyring } = testCodec([old]);
    const user = secretUser();
    const before = codec.sealUser(user).tokenKey;

    keys.replace([newKeyEntry(), old]);
    keyring.reload();
    const after = codec.sealUser(user).tokenKey;

    expect(after).not.toBe(before);
    expect(codec.tokenLookupKeys(user.provision_token)).toEqual([after, before]);
  });

  it('differs between two key files for the same token', () => {
    const token = secretUser().provision_token;

    expect(testCodec().codec.tokenIndexKey(token)).not.toBe(testCodec().codec.tokenIndexKey(token));
  });
});

describe('PLAIN_CODEC', () => {
  it('keeps records as given and indexes the token itself', () => {
    const user = secretUser();
    const phone = makePhone(user);

    expect(PLAIN_CODEC.sealUser(user)).toEqual({ doc: user, tokenKey: user.provision_token });
    expect(PLAIN_CODEC.openUser(user)).toBe(user);
    expect(PLAIN_CODEC.sealPhone(phone)).toBe(phone);
    expect(PLAIN_CODEC.tokenLookupKeys('t')).toEqual(['t']);
    expect(PLAIN_CODEC.needsReseal('user', user)).toBe(false);
  });
});
