/** @module Store contract: users (insert, read, uniqueness, replace, copies). */
import { expect, it } from 'vitest';
import type { User } from '../../../src/domain/user.js';
import { makeUser } from '../../helpers/records.js';
import { expectProvError, snapshot, userQuery, replaceUser, type ContractContext } from './support.js';

/** A user with most optional and nested fields set, to check nothing is lost or added. */
export function fullUser(): User {
  return makeUser({
    email: 'full@example.com',
    display_name: 'Full "Quoted" Üser',
    department: 'R&D',
    mobile_phone: '+49 (30) 123-456',
    custom_options: '{"a":[1,2,{"b":null}]}',
    office_hours: { monday: { from: '09:00', to: '17:00' }, nested: [1, 'x', true, null] },
    outbound_caller_ids: [{ caller_id: '0301234', preferred: true }],
    blfs: [{ key: '1001', first_name: 'Ann' }, { key: '1002', value: 'x' }],
    voicemail_pin: '482916',
    enable_dnd: true,
    role: 'admin',
  });
}

export function userTests(ctx: ContractContext): void {
  it('reads back a user exactly as written, by id and by token', async () => {
    const u = fullUser();
    await ctx.store.insertUser(u);
    expect(await ctx.store.getUser(u.id)).toStrictEqual(u);
    expect(await ctx.store.getUserByToken(u.provision_token)).toStrictEqual(u);
  });

  it('answers undefined for a missing user or token', async () => {
    await ctx.store.insertUser(makeUser());
    expect(await ctx.store.getUser('no-such-id')).toBeUndefined();
    expect(await ctx.store.getUserByToken('no-such-token')).toBeUndefined();
  });

  it('refuses a taken extension and changes nothing', async () => {
    const a = makeUser({ extension_number: '5001' });
    await ctx.store.insertUser(a);
    const before = await snapshot(ctx.store);
    const b = makeUser({ extension_number: '5001' });
    await expectProvError(ctx.store.insertUser(b), 'PROV_ERR_EXTENSION_TAKEN', '5001');
    expect(await ctx.store.getUser(b.id)).toBeUndefined();
    expect(await ctx.store.getUserByToken(b.provision_token)).toBeUndefined();
    expect(await snapshot(ctx.store)).toStrictEqual(before);
  });

  it('refuses a name that differs only in case (Unicode too) and changes nothing', async () => {
    await ctx.store.insertUser(makeUser({ name: 'Alice' }));
    await ctx.store.insertUser(makeUser({ name: 'Ärger' }));
    const before = await snapshot(ctx.store);
    await expectProvError(ctx.store.insertUser(makeUser({ name: 'aLICE' })), 'PROV_ERR_USER_NAME_TAKEN', 'aLICE');
    await expectProvError(ctx.store.insertUser(makeUser({ name: 'äRGER' })), 'PROV_ERR_USER_NAME_TAKEN', 'äRGER');
    expect(await snapshot(ctx.store)).toStrictEqual(before);
  });

  // Issue 9: NFD "José" was accepted beside NFC "José"; the stores compared names with toLowerCase().
  it('refuses a name equal under Unicode folding (NFD/NFC, dotted/dotless i, sharp s, fullwidth) and changes nothing', async () => {
    await ctx.store.insertUser(makeUser({ name: 'Jos\u00e9' }));
    await ctx.store.insertUser(makeUser({ name: 'Ismail' }));
    await ctx.store.insertUser(makeUser({ name: 'Stra\u00dfe' }));
    await ctx.store.insertUser(makeUser({ name: 'kim' }));
    const before = await snapshot(ctx.store);

    for (const name of ['Jose\u0301', 'JOSE\u0301', '\u0130SMA\u0130L', '\u0131smail', 'STRASSE', '\uff2b\uff29\uff2d']) {
      // The domain schema stores NFC; a store must refuse even a record that was not normalised.
      await expectProvError(ctx.store.insertUser({ ...makeUser(), name }), 'PROV_ERR_USER_NAME_TAKEN', name);
    }

    expect(await snapshot(ctx.store)).toStrictEqual(before);
  });

  it('replaces a user, which may keep its own extension and name', async () => {
    const u = makeUser({ name: 'Keeper', extension_number: '6001' });
    await ctx.store.insertUser(u);
    const next: User = { ...u, name: 'KEEPER', display_name: 'Changed', updated_at: '2030-01-01T00:00:00.000Z' };
    await replaceUser(ctx.store, next);
    expect(await ctx.store.getUser(u.id)).toStrictEqual(next);
    expect(await ctx.store.getUserByToken(u.provision_token)).toStrictEqual(next);
  });

  it('keeps uniqueness on replace and changes nothing when refused', async () => {
    const a = makeUser({ name: 'Anna', extension_number: '7001' });
    const b = makeUser({ name: 'Bert', extension_number: '7002' });
    await ctx.store.insertUser(a);
    await ctx.store.insertUser(b);
    const before = await snapshot(ctx.store);
    await expectProvError(replaceUser(ctx.store, { ...b, extension_number: '7001' }), 'PROV_ERR_EXTENSION_TAKEN', '7001');
    await expectProvError(replaceUser(ctx.store, { ...b, name: 'ANNA' }), 'PROV_ERR_USER_NAME_TAKEN', 'ANNA');
    expect(await snapshot(ctx.store)).toStrictEqual(before);
  });

  it('frees the old extension, name and token after a replace changes them', async () => {
    const a = makeUser({ name: 'Old', extension_number: '8001' });
    await ctx.store.insertUser(a);
    const moved: User = { ...a, name: 'New', extension_number: '8002', provision_token: 'fresh-token-0001' };
    await replaceUser(ctx.store, moved);
    expect(await ctx.store.getUserByToken(a.provision_token)).toBeUndefined();
    expect(await ctx.store.getUserByToken('fresh-token-0001')).toStrictEqual(moved);
    const c = makeUser({ name: 'old', extension_number: '8001' });
    await ctx.store.insertUser(c);
    expect(await ctx.store.getUser(c.id)).toStrictEqual(c);
    await expectProvError(ctx.store.insertUser(makeUser({ name: 'NEW' })), 'PROV_ERR_USER_NAME_TAKEN');
    await expectProvError(ctx.store.insertUser(makeUser({ extension_number: '8002' })), 'PROV_ERR_EXTENSION_TAKEN');
  });

  it('refuses to replace a missing user', async () => {
    const ghost = makeUser();
    await expectProvError(replaceUser(ctx.store, ghost), 'PROV_ERR_USER_NOT_FOUND', ghost.id);
    expect(await ctx.store.getUser(ghost.id)).toBeUndefined();
    expect((await snapshot(ctx.store)).users.count).toBe(0);
  });

  it('hands out copies: mutating a read or written record does not change the store', async () => {
    const u = makeUser({ blfs: [{ key: '1001' }] });
    const original = structuredClone(u);
    await ctx.store.insertUser(u);
    (u as { display_name?: string }).display_name = 'mutated after insert';
    u.blfs.push({ key: '9999' });
    const read = (await ctx.store.getUser(u.id))!;
    (read as { name: string }).name = 'mutated';
    read.blfs[0]!.key = 'x';
    const listed = (await ctx.store.listUsers(userQuery())).items[0]!;
    (listed as { name: string }).name = 'mutated too';
    expect(await ctx.store.getUser(u.id)).toStrictEqual(original);
  });
}
