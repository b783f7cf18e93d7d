/**
 * Records the first sealing build stored with each secret field sealed on its own (`$enc$v1$`,
 * test/fixtures/secrets/v1-records.json, written by that build's codec): this codec still opens
 * them, names their key, marks them for re-sealing and re-seals them as one value per record.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/user.js';
import { SEALED_FIELD } from '../../src/secrets/fields.js';
import { newKeyEntry } from '../../src/secrets/key-file.js';
import { altered, provErrorOf, sealedOf, sealedValueCount, testCodec, v1Records } from './support.js';

describe('records sealed field by field (v1)', () => {
  it('open to the records they sealed, name their key and are marked for re-sealing, even under the current key', () => {
    const v1 = v1Records();
    const { codec } = testCodec([v1.key]);

    expect(sealedValueCount(v1.userDoc)).toBe(4);
    expect(codec.openUser(v1.userDoc)).toStrictEqual(v1.user);
    expect(codec.openPhone(v1.phoneDoc)).toStrictEqual(v1.phone);
    for (const [kind, doc] of [['user', v1.userDoc], ['phone', v1.phoneDoc]] as const) {
      expect(codec.needsReseal(kind, doc), kind).toBe(true);
      expect(codec.keyIds(kind, doc), kind).toEqual([v1.key.id]);
    }
  });

  it('re-seal as one value per record, under the current key', () => {
    const v1 = v1Records();
    const { codec, keys, keyring } = testCodec([v1.key]);
    keys.replace([newKeyEntry([v1.key.id]), v1.key]);
    keyring.reload();

    const user = codec.seal('user', codec.open('user', v1.userDoc)).doc;
    const phone = codec.seal('phone', codec.open('phone', v1.phoneDoc)).doc;

    for (const doc of [user, phone]) {
      expect(sealedValueCount(doc)).toBe(1);
      expect(sealedOf(doc)).toContain(`$${keyring.current().id}$`);
    }
    expect(codec.needsReseal('user', user)).toBe(false);
    expect(codec.openUser(user)).toStrictEqual(v1.user);
    expect(codec.openPhone(phone)).toStrictEqual(v1.phone);
  });

  it('refuse a value moved to another field or altered, naming the field and no secret', () => {
    const v1 = v1Records();
    const { codec } = testCodec([v1.key]);
    const doc = v1.userDoc;

    const moved = provErrorOf(() => codec.openUser({ ...doc, password: doc.extension_password }));
    expect(moved.code).toBe('PROV_ERR_STORE_CORRUPT');
    expect(moved.message).toContain(`user ${doc.id}: password does not open`);
    expect(moved.message).not.toContain(v1.user.extension_password);
    expect(provErrorOf(() => codec.openUser({ ...doc, voicemail_pin: altered(doc.voicemail_pin!) })).code).toBe('PROV_ERR_STORE_CORRUPT');
  });

  it('open beside a sealed value, which wins for a field both hold', () => {
    const v1 = v1Records();
    const { codec } = testCodec([v1.key]);
    const newer: User = { ...v1.user, extension_password: 'changed-since' };
    const { [SEALED_FIELD]: sealed } = codec.sealUser(newer).doc as unknown as Record<string, string>;

    expect(codec.openUser({ ...v1.userDoc, [SEALED_FIELD]: sealed })).toStrictEqual(newer);
    expect(codec.openUser({ [SEALED_FIELD]: sealed, ...v1.userDoc })).toStrictEqual(newer);
  });
});
