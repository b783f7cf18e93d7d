/** @module Store contract: phones (insert, MAC uniqueness, replace, delete, cascade) and sightings. */
import { expect, it } from 'vitest';
import type { Phone, PhoneSighting } from '../../../src/domain/phone.js';
import { makePhone, makeUser, nextMac } from '../../helpers/records.js';
import { byId, expectProvError, phoneQuery, readBack, snapshot, userQuery, replacePhone, type ContractContext } from './support.js';

const SEEN: PhoneSighting = { at: '2025-06-01T10:00:00.000Z', ip: '192.0.2.10', user_agent: 'Yealink SIP-T46U 108.86.0.20' };
const seen = (p: Phone, s: PhoneSighting = SEEN) => ({ ...readBack(p), last_seen_at: s.at, last_seen_ip: s.ip, last_seen_user_agent: s.user_agent });

export function phoneTests(ctx: ContractContext): void {
  const userWithPhones = async (count: number) => {
    const user = makeUser();
    await ctx.store.insertUser(user);
    const phones: Phone[] = [];
    for (let i = 0; i < count; i++) {
      const p = makePhone(user);
      await ctx.store.insertPhone(p);
      phones.push(p);
    }
    return { user, phones };
  };

  it('reads back a phone exactly as written, by id and by MAC, without last_seen_* before a sighting', async () => {
    const user = makeUser();
    await ctx.store.insertUser(user);
    const p = makePhone(user, {
      enable_vlan_wan_port: true, wan_port_id: 12, wan_port_priority: 5, door_password1: '1234',
      codecs: ['G722', 'PCMU', 'OPUS'], serial_number: 'SN/1"2', timezone: 'Europe/Berlin', https: true,
    });
    await ctx.store.insertPhone(p);
    expect(await ctx.store.getPhone(p.id)).toStrictEqual(readBack(p));
    expect(await ctx.store.getPhoneByMac(p.mac)).toStrictEqual(readBack(p));
    expect(await ctx.store.getPhone('no-such-phone')).toBeUndefined();
    expect(await ctx.store.getPhoneByMac(nextMac())).toBeUndefined();
  });

  it('refuses a phone of a missing user and writes nothing', async () => {
    const p = makePhone(makeUser());
    await expectProvError(ctx.store.insertPhone(p), 'PROV_ERR_USER_NOT_FOUND', p.user_id);
    expect(await ctx.store.getPhone(p.id)).toBeUndefined();
    expect(await ctx.store.getPhoneByMac(p.mac)).toBeUndefined();
  });

  it('refuses a taken MAC and writes nothing', async () => {
    const { user, phones: [first] } = await userWithPhones(1);
    const before = await snapshot(ctx.store);
    const dup = makePhone(user, { mac: first!.mac });
    await expectProvError(ctx.store.insertPhone(dup), 'PROV_ERR_MAC_TAKEN', first!.mac);
    expect(await ctx.store.getPhone(dup.id)).toBeUndefined();
    expect(await ctx.store.getPhoneByMac(first!.mac)).toStrictEqual(readBack(first!));
    expect(await snapshot(ctx.store)).toStrictEqual(before);
  });

  it('frees the old MAC when a replace changes it', async () => {
    const { user, phones: [p] } = await userWithPhones(1);
    const moved: Phone = { ...p!, mac: nextMac(), model: 'T54W' };
    await replacePhone(ctx.store, moved);
    expect(await ctx.store.getPhoneByMac(p!.mac)).toBeUndefined();
    expect(await ctx.store.getPhoneByMac(moved.mac)).toStrictEqual(readBack(moved));
    expect(await ctx.store.getPhone(p!.id)).toStrictEqual(readBack(moved));
    const taker = makePhone(user, { mac: p!.mac });
    await ctx.store.insertPhone(taker);
    expect(await ctx.store.getPhoneByMac(p!.mac)).toStrictEqual(readBack(taker));
  });

  it('refuses a replace onto another phone\'s MAC, a missing phone or a missing user, changing nothing', async () => {
    const { phones: [a, b] } = await userWithPhones(2);
    const before = await snapshot(ctx.store);
    await expectProvError(replacePhone(ctx.store, { ...b!, mac: a!.mac }), 'PROV_ERR_MAC_TAKEN', a!.mac);
    await expectProvError(replacePhone(ctx.store, { ...b!, user_id: 'no-such-user' }), 'PROV_ERR_USER_NOT_FOUND', 'no-such-user');
    const ghost = makePhone({ id: a!.user_id });
    await expectProvError(replacePhone(ctx.store, ghost), 'PROV_ERR_PHONE_NOT_FOUND', ghost.id);
    expect(await snapshot(ctx.store)).toStrictEqual(before);
    expect(await ctx.store.getPhone(ghost.id)).toBeUndefined();
  });

  it("answers the MACs of a user's phones, following moves and deletes, and none for an unknown user", async () => {
    const { user: owner, phones: [a, b, c] } = await userWithPhones(3);
    const { phones: [foreign] } = await userWithPhones(1);
    const sorted = (macs: string[]) => [...macs].sort();
    expect(sorted(await ctx.store.phoneMacsOfUser(owner.id))).toStrictEqual(sorted([a!.mac, b!.mac, c!.mac]));
    const other = makeUser();
    await ctx.store.insertUser(other);
    await replacePhone(ctx.store, { ...b!, user_id: other.id });
    await ctx.store.deletePhone(c!.id);
    expect(await ctx.store.phoneMacsOfUser(owner.id)).toStrictEqual([a!.mac]);
    expect(await ctx.store.phoneMacsOfUser(other.id)).toStrictEqual([b!.mac]);
    expect(await ctx.store.phoneMacsOfUser('no-such-user')).toStrictEqual([]);
    expect(await ctx.store.phoneMacsOfUser(owner.id)).not.toContain(foreign!.mac);
  });

  it('moves a phone to another user on replace', async () => {
    const { user: owner, phones: [p] } = await userWithPhones(1);
    const other = makeUser();
    await ctx.store.insertUser(other);
    await replacePhone(ctx.store, { ...p!, user_id: other.id });
    expect((await ctx.store.listPhones(phoneQuery(), owner.id)).count).toBe(0);
    expect((await ctx.store.listPhones(phoneQuery(), other.id)).items).toStrictEqual([readBack({ ...p!, user_id: other.id })]);
    expect(await ctx.store.deleteUser(owner.id)).toStrictEqual([]);
    expect(await ctx.store.getPhone(p!.id)).toStrictEqual(readBack({ ...p!, user_id: other.id }));
  });

  it('deletes a phone, freeing its MAC; deleting it again answers undefined', async () => {
    const { user, phones: [p, keep] } = await userWithPhones(2);
    expect(await ctx.store.deletePhone(p!.id)).toStrictEqual(p);
    expect(await ctx.store.getPhone(p!.id)).toBeUndefined();
    expect(await ctx.store.getPhoneByMac(p!.mac)).toBeUndefined();
    expect(await ctx.store.deletePhone(p!.id)).toBeUndefined();
    expect((await ctx.store.listPhones(phoneQuery(), user.id)).items).toStrictEqual([readBack(keep!)]);
    await ctx.store.insertPhone(makePhone(user, { mac: p!.mac }));
  });

  it('deletes a user with its phones, answering them; other users keep theirs', async () => {
    const gone = await userWithPhones(3);
    const stays = await userWithPhones(2);
    const removed = await ctx.store.deleteUser(gone.user.id);
    expect(byId(removed!)).toStrictEqual(byId(gone.phones));
    expect(await ctx.store.getUser(gone.user.id)).toBeUndefined();
    expect(await ctx.store.getUserByToken(gone.user.provision_token)).toBeUndefined();
    for (const p of gone.phones) {
      expect(await ctx.store.getPhone(p.id)).toBeUndefined();
      expect(await ctx.store.getPhoneByMac(p.mac)).toBeUndefined();
    }
    const all = await ctx.store.listPhones(phoneQuery());
    expect(byId(all.items)).toStrictEqual(byId(stays.phones.map(readBack)));
    expect((await ctx.store.listUsers(userQuery())).items).toStrictEqual([stays.user]);
    // Its extension, name, token and MACs are free again.
    await ctx.store.insertUser({ ...gone.user });
    await ctx.store.insertPhone(gone.phones[0]!);
    expect(await ctx.store.deleteUser('no-such-user')).toBeUndefined();
    const lonely = makeUser();
    await ctx.store.insertUser(lonely);
    expect(await ctx.store.deleteUser(lonely.id)).toStrictEqual([]);
  });

  it('shows a sighting as last_seen_* everywhere, keeps it over a replace, and never stores it in the record', async () => {
    const { user, phones: [p, other] } = await userWithPhones(2);
    await ctx.store.recordSighting(p!.mac, { at: '2025-05-01T00:00:00.000Z', ip: '192.0.2.1', user_agent: 'old' });
    await ctx.store.recordSighting(p!.mac, SEEN);
    expect(await ctx.store.getPhone(p!.id)).toStrictEqual(seen(p!));
    expect(await ctx.store.getPhoneByMac(p!.mac)).toStrictEqual(seen(p!));
    expect(byId((await ctx.store.listPhones(phoneQuery(), user.id)).items)).toStrictEqual(byId([seen(p!), readBack(other!)]));
    const edited: Phone = { ...p!, model: 'T48U', updated_at: '2030-01-01T00:00:00.000Z' };
    await replacePhone(ctx.store, edited);
    expect(await ctx.store.getPhone(p!.id)).toStrictEqual(seen(edited));
    expect(await ctx.store.deletePhone(p!.id)).toStrictEqual(edited);
  });

  it('hands out phone copies', async () => {
    const { phones: [p] } = await userWithPhones(1);
    const read = (await ctx.store.getPhone(p!.id))!;
    read.codecs.push('G729');
    (read as { model: string }).model = 'mutated';
    expect(await ctx.store.getPhone(p!.id)).toStrictEqual(readBack(p!));
  });
}
