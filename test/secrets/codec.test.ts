/**
 * The record codec (issue 9, §3): secret fields sealed one by one with AES-256-GCM, bound to their
 * record and field, the rest plain; plain values of older data open as they are; the folder token
 * indexed by a keyed hash.
 */
import { describe, expect, it } from 'vitest';
import { PHONE_SECRETS } from '../../src/domain/phone.js';
import { USER_SECRETS } from '../../src/domain/user.js';
import { PLAIN_CODEC } from '../../src/secrets/codec.js';
import { SECRET_FIELDS } from '../../src/secrets/fields.js';
import { newKeyEntry } from '../../src/secrets/key-file.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { provErrorOf, testCodec } from './support.js';

const SEALED = /^\$enc\$v1\$[0-9a-f]{8}\$[A-Za-z0-9_-]+$/;

function secretUser() {
  return makeUser({ password: 'user-Pa55word', voicemail_pin: '135792', extension_password: 'ext-Pa55word' });
}

describe('createRecordCodec', () => {
  it('seals every secret field of a user, leaving every other field as given', () => {
    const { codec, keyring } = testCodec();
    const user = secretUser();

    const { doc } = codec.sealUser(user);

    for (const field of SECRET_FIELDS.user) {
      expect(doc[field], field).toMatch(SEALED);
      expect(doc[field], field).toContain(`$${keyring.current().id}$`);
    }
    const text = JSON.stringify(doc);
    for (const field of SECRET_FIELDS.user) expect(text).not.toContain(user[field]!);
    const rest = (r: object) => Object.fromEntries(Object.entries(r).filter(([k]) => !(SECRET_FIELDS.user as readonly string[]).includes(k)));
    expect(rest(doc)).toEqual(rest(user));
    expect(doc).not.toBe(user);
    expect(user.extension_password).toBe('ext-Pa55word'); // the input is not changed
  });

  it('seals the secret fields of a phone and opens them back, keeping stored extras such as sightings', () => {
    const { codec } = testCodec();
    const phone = makePhone({ id: 'u1' }, { door_password1: '1234', door_password2: '98765' });
    const stored = { ...codec.sealPhone(phone), last_seen_at: '2026-01-01T00:00:00.000Z', last_seen_ip: '10.0.0.9' };

    for (const field of SECRET_FIELDS.phone) expect(stored[field], field).toMatch(SEALED);

    expect(codec.openPhone(stored)).toEqual({ ...phone, last_seen_at: '2026-01-01T00:00:00.000Z', last_seen_ip: '10.0.0.9' });
  });

  it('opens a sealed user back to the record it sealed, any text included', () => {
    const { codec } = testCodec();
    const user = makeUser({ extension_password: 'pässwörd ☎ 𝄞 "quoted" \\ $enc$' });

    expect(codec.openUser(codec.sealUser(user).doc)).toEqual(user);
  });

  it('seals one value differently each time (random IV), and both open', () => {
    const { codec } = testCodec();
    const user = secretUser();

    const a = codec.sealUser(user).doc;
    const b = codec.sealUser(user).doc;

    expect(a.extension_password).not.toBe(b.extension_password);
    expect(codec.openUser(a).extension_password).toBe('ext-Pa55word');
    expect(codec.openUser(b).extension_password).toBe('ext-Pa55word');
  });

  it('refuses a sealed value moved to another field of the same record', () => {
    const { codec } = testCodec();
    const sealed = codec.sealUser(secretUser()).doc;

    const err = provErrorOf(() => codec.openUser({ ...sealed, password: sealed.extension_password }));

    expect(err.code).toBe('PROV_ERR_STORE_CORRUPT');
    expect(err.message).toContain(`user ${sealed.id}: password does not open`);
    expect(err.message).not.toContain('ext-Pa55word');
  });

  it('refuses a sealed value moved to another record', () => {
    const { codec } = testCodec();
    const victim = codec.sealUser(secretUser()).doc;
    const attacker = codec.sealUser(makeUser()).doc;

    expect(provErrorOf(() => codec.openUser({ ...attacker, extension_password: victim.extension_password })).code).toBe('PROV_ERR_STORE_CORRUPT');
  });

  it('refuses an altered sealed value', () => {
    const { codec } = testCodec();
    const sealed = codec.sealPhone(makePhone({ id: 'u1' }));
    const value = sealed.password;
    const flipped = value.slice(0, -2) + (value.at(-2) === 'A' ? 'B' : 'A') + value.at(-1);

    expect(provErrorOf(() => codec.openPhone({ ...sealed, password: flipped })).code).toBe('PROV_ERR_STORE_CORRUPT');
  });

  it('answers plain values of records written before sealing as they are, and marks them for re-sealing', () => {
    const { codec } = testCodec();
    const legacy = secretUser();

    expect(codec.openUser(legacy)).toEqual(legacy);
    expect(codec.needsReseal('user', legacy)).toBe(true);
    expect(codec.needsReseal('user', codec.sealUser(legacy).doc)).toBe(false);
  });

  it('seals a value that only looks sealed, and gives it back as it was', () => {
    const { codec } = testCodec();
    const lookalike = `$enc$v1$abcd1234$${'A'.repeat(40)}`;
    const phone = makePhone({ id: 'u1' }, { password: lookalike });

    const sealed = codec.sealPhone(phone);

    expect(sealed.password).not.toBe(lookalike);
    expect(codec.openPhone(sealed).password).toBe(lookalike);
  });

  it('opens values sealed under an older key and marks them for re-sealing under the current one', () => {
    const old = newKeyEntry();
    const { codec, keys, keyring } = testCodec([old]);
    const user = secretUser();
    const sealedOld = codec.sealUser(user).doc;

    keys.replace([newKeyEntry(), old]);
    keyring.reload();

    expect(codec.openUser(sealedOld)).toEqual(user);
    expect(codec.needsReseal('user', sealedOld)).toBe(true);
    expect(codec.keyIds('user', sealedOld)).toEqual([old.id]);
  });

  it('answers PROV_ERR_SECRET_KEY_UNKNOWN naming the key id and the key file when the file lacks the key', () => {
    const elsewhere = testCodec().codec.sealUser(secretUser()).doc;
    const { codec } = testCodec();
    const id = /\$enc\$v1\$([0-9a-f]{8})\$/.exec(elsewhere.extension_password)![1]!;

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
