/**
 * @module Store contract: the RPS outbox marks that phone, user and network writes leave in the
 * same atomic write (issue 10, §3; src/store/rps-types.ts), their releases, and the `rps_*`
 * fields of phone reads. The outbox is read by leasing every due job for no time at all
 * (leaseMs 0: free again for any later caller).
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import type { Phone } from '../../../src/domain/phone.js';
import { ProvError } from '../../../src/errors.js';
import type { RpsJob } from '../../../src/store/rps-types.js';
import { makePhone, makeUser, nextMac, type PhoneOverrides } from '../../helpers/records.js';
import { expectProvError, phoneQuery, readBack, type ContractContext } from './support.js';

export function rpsMarkTests(ctx: ContractContext): void {
  const userWith = async (...phones: PhoneOverrides[]) => {
    const user = makeUser();
    await ctx.store.insertUser(user);
    const made: Phone[] = [];
    for (const overrides of phones) {
      const p = makePhone(user, overrides);
      await ctx.store.insertPhone(p);
      made.push(p);
    }
    return { user, phones: made };
  };
  /** Every due job by MAC. */
  const jobs = async (): Promise<Map<Mac, RpsJob>> => new Map((await ctx.store.leaseRpsJobs(`peek-${randomUUID()}`, Date.now(), 0, 1000)).map((j) => [j.mac, j]));
  const generations = async () => new Map([...(await jobs())].map(([mac, j]) => [mac, j.generation]));

  it('marks the MAC of a phone inserted with rps: true, shown as pending on every read; a phone without rps marks nothing', async () => {
    const before = Date.now();
    const { user, phones: [on, off] } = await userWith({ rps: true }, {});

    expect(await ctx.store.countRpsJobs()).toBe(1);
    const job = (await jobs()).get(on!.mac);
    expect(job).toStrictEqual({ mac: on!.mac, override: false, generation: expect.any(Number), attempts: 0, due_at: expect.any(Number) });
    expect(job!.due_at).toBeGreaterThanOrEqual(before);
    expect(job!.due_at).toBeLessThanOrEqual(Date.now());
    const outcome = await ctx.store.getRpsOutcome(on!.mac);
    expect(outcome).toStrictEqual({ status: 'pending', message: '', updated_at: expect.any(String) });
    expect(Date.parse(outcome!.updated_at)).toBeGreaterThanOrEqual(before - 1);
    const shown = { ...on!, rps_status: 'pending', rps_message: '', rps_updated_at: outcome!.updated_at };
    expect(await ctx.store.getPhone(on!.id)).toStrictEqual(shown);
    expect(await ctx.store.getPhoneByMac(on!.mac)).toStrictEqual(shown);
    expect((await ctx.store.listPhones(phoneQuery({ filter: 'rps eq true' }), user.id)).items).toStrictEqual([shown]);
    expect(await ctx.store.getPhone(off!.id)).toStrictEqual(readBack(off!));
    expect(await ctx.store.getRpsOutcome(off!.mac)).toBeUndefined();
  });

  it('marks again on every update of an rps phone (generation up, attempts 0), and on rps false -> true, without a release', async () => {
    const { phones: [p, q] } = await userWith({ rps: true }, {});
    const g = (await jobs()).get(p!.mac)!.generation;

    await ctx.store.updatePhone(p!.id, (x) => ({ ...x, model: 'T54W' }));
    await ctx.store.updatePhone(q!.id, (x) => ({ ...x, rps: true }));

    const after = await jobs();
    expect(after.get(p!.mac)).toMatchObject({ generation: g + 1, attempts: 0, override: false });
    expect(after.get(q!.mac)).toMatchObject({ attempts: 0, override: false });
    expect(after.get(p!.mac)!.release).toBeUndefined();
    expect(after.get(q!.mac)!.release).toBeUndefined();
    expect(await ctx.store.countRpsJobs()).toBe(2);
  });

  it('leaves a release with the old vendor and serial number on the MAC when rps goes false', async () => {
    const { phones: [p] } = await userWith({ rps: true, vendor: 'gigaset', model: 'N870', serial_number: 'ABCD' });

    await ctx.store.updatePhone(p!.id, (x) => ({ ...x, rps: false }));

    expect((await jobs()).get(p!.mac)!.release).toStrictEqual({ vendor: 'gigaset', serial_number: 'ABCD' });
    expect(await ctx.store.getPhone(p!.id)).toMatchObject({ rps: false, rps_status: 'pending' }); // the unregister is pending
  });

  it('marks both MACs when an rps phone moves to another MAC, with a release on the old one only', async () => {
    const { phones: [p] } = await userWith({ rps: true, serial_number: 'SN-7' });
    const mac = nextMac();

    await ctx.store.updatePhone(p!.id, (x) => ({ ...x, mac }));

    const after = await jobs();
    expect(after.get(p!.mac)!.release).toStrictEqual({ vendor: 'yealink', serial_number: 'SN-7' });
    expect(after.get(mac)).toMatchObject({ mac, attempts: 0 });
    expect(after.get(mac)!.release).toBeUndefined();
    expect(await ctx.store.getPhoneByMac(mac)).toMatchObject({ rps_status: 'pending' });
    expect(await ctx.store.countRpsJobs()).toBe(2);
  });

  it('leaves a release on its MAC when an rps phone changes vendor', async () => {
    const { phones: [p] } = await userWith({ rps: true });
    const g = (await jobs()).get(p!.mac)!.generation;

    await ctx.store.updatePhone(p!.id, (x) => ({ ...x, vendor: 'snom', model: 'D785' }));

    expect((await jobs()).get(p!.mac)).toMatchObject({ generation: g + 1, release: { vendor: 'yealink' } });
    expect(await ctx.store.countRpsJobs()).toBe(1);
  });

  it('leaves a release when an rps phone is deleted; deleting a phone without rps marks nothing', async () => {
    const { phones: [on, off] } = await userWith({ rps: true }, {});

    await ctx.store.deletePhone(on!.id);
    await ctx.store.deletePhone(off!.id);

    expect((await jobs()).get(on!.mac)!.release).toStrictEqual({ vendor: 'yealink' });
    expect(await ctx.store.countRpsJobs()).toBe(1);
    expect(await ctx.store.getRpsOutcome(on!.mac)).toMatchObject({ status: 'pending' });
    expect(await ctx.store.getRpsOutcome(off!.mac)).toBeUndefined();
  });

  it('marks the rps phones of an updated user without a release, and of a deleted user with one; other phones are not marked', async () => {
    const a = await userWith({ rps: true }, { rps: true, vendor: 'snom', model: 'D785', serial_number: 'S1' }, {});
    const b = await userWith({ rps: true });
    const g = await generations();
    const [p1, p2, p3] = a.phones as [Phone, Phone, Phone];

    await ctx.store.updateUser(a.user.id, (u) => ({ ...u, provision_token: randomUUID().replaceAll('-', '') }));

    const updated = await jobs();
    expect(updated.get(p1.mac)).toMatchObject({ generation: g.get(p1.mac)! + 1 });
    expect(updated.get(p2.mac)).toMatchObject({ generation: g.get(p2.mac)! + 1 });
    expect(updated.get(p1.mac)!.release).toBeUndefined();
    expect(updated.get(p3.mac)).toBeUndefined();
    expect(updated.get(b.phones[0]!.mac)!.generation).toBe(g.get(b.phones[0]!.mac));

    await ctx.store.deleteUser(a.user.id);

    const deleted = await jobs();
    expect(deleted.get(p1.mac)).toMatchObject({ generation: g.get(p1.mac)! + 2, release: { vendor: 'yealink' } });
    expect(deleted.get(p2.mac)).toMatchObject({ generation: g.get(p2.mac)! + 2, release: { vendor: 'snom', serial_number: 'S1' } });
    expect(deleted.get(p3.mac)).toBeUndefined();
    expect(deleted.get(b.phones[0]!.mac)!.generation).toBe(g.get(b.phones[0]!.mac));
    expect(await ctx.store.countRpsJobs()).toBe(3);
  });

  it('marks every rps phone when the network settings are updated or put', async () => {
    const a = await userWith({ rps: true }, {});
    const b = await userWith({ rps: true });
    const g = await generations();
    const rpsMacs = [a.phones[0]!.mac, b.phones[0]!.mac];

    const network = await ctx.store.updateNetwork((n) => ({ ...n, web_domain: 'pbx.example.com' }));
    const updated = await generations();
    await ctx.store.putNetwork(network);
    const put = await generations();

    for (const mac of rpsMacs) expect([updated.get(mac), put.get(mac)]).toEqual([g.get(mac)! + 1, g.get(mac)! + 2]);
    expect(put.has(a.phones[1]!.mac)).toBe(false);
    expect(await ctx.store.countRpsJobs()).toBe(2);
  });

  it('marks nothing when an update changes only the admin settings (vendor_settings are in no URL), and marks on the next host change', async () => {
    const { phones: [p] } = await userWith({ rps: true });
    await ctx.store.updateNetwork((n) => ({ ...n, web_domain: 'before.example.com' }));
    const g = await generations();

    await ctx.store.updateNetwork((n) => ({ ...n, vendor_settings: { yealink: { global: { 'lang.gui': 'German' }, models: {} } } }));
    expect((await generations()).get(p!.mac)).toBe(g.get(p!.mac));
    await ctx.store.updateNetwork((n) => ({ ...n, web_domain: 'after.example.com' }));
    expect((await generations()).get(p!.mac)).toBe(g.get(p!.mac)! + 1);
    expect((await ctx.store.getNetwork()).vendor_settings).toStrictEqual({ yealink: { global: { 'lang.gui': 'German' }, models: {} } });
    await ctx.store.updateNetwork((n) => {
      const { vendor_settings: _v, ...rest } = n;
      return rest;
    });
  });

  it('marks nothing when a write is refused', async () => {
    const { user, phones: [p, q] } = await userWith({ rps: true }, { rps: true });
    const other = makeUser();
    await ctx.store.insertUser(other);
    const before = await generations();
    const stray = makePhone(makeUser(), { rps: true });

    await expectProvError(ctx.store.insertPhone(makePhone(user, { rps: true, mac: p!.mac })), 'PROV_ERR_MAC_TAKEN');
    await expectProvError(ctx.store.insertPhone(stray), 'PROV_ERR_USER_NOT_FOUND');
    await expectProvError(ctx.store.updatePhone(q!.id, (x) => ({ ...x, mac: p!.mac })), 'PROV_ERR_MAC_TAKEN');
    await expectProvError(ctx.store.updatePhone(q!.id, (x) => ({ ...x, user_id: 'no-such-user' })), 'PROV_ERR_USER_NOT_FOUND');
    await expectProvError(ctx.store.updatePhone(q!.id, () => Promise.reject(new ProvError('PROV_ERR_MODEL_UNKNOWN', ['X1']))), 'PROV_ERR_MODEL_UNKNOWN');
    await expectProvError(ctx.store.updateUser(user.id, (u) => ({ ...u, extension_number: other.extension_number })), 'PROV_ERR_EXTENSION_TAKEN');

    expect(await generations()).toStrictEqual(before);
    expect(await ctx.store.getRpsOutcome(stray.mac)).toBeUndefined();
    expect(await ctx.store.countRpsJobs()).toBe(2);
  });

  it('marks a MAC on request, with override when asked; answers false for a MAC no phone has', async () => {
    const { phones: [p] } = await userWith({});

    expect(await ctx.store.markRps(p!.mac, { override: true })).toBe(true);
    const first = (await jobs()).get(p!.mac)!;
    expect(first).toMatchObject({ override: true, attempts: 0 });
    expect(await ctx.store.getPhone(p!.id)).toMatchObject({ rps_status: 'pending', rps_message: '' });
    expect(await ctx.store.markRps(p!.mac)).toBe(true);
    expect((await jobs()).get(p!.mac)).toMatchObject({ override: false, generation: first.generation + 1 });
    expect(await ctx.store.markRps(nextMac())).toBe(false);
    expect(await ctx.store.countRpsJobs()).toBe(1);
  });

  it('keeps the release of an earlier mark through later marks without one; a later release replaces it', async () => {
    const { user, phones: [p] } = await userWith({ rps: true });
    await ctx.store.updatePhone(p!.id, (x) => ({ ...x, mac: nextMac() })); // release on p.mac
    const taker = makePhone(user, { mac: p!.mac, rps: true, vendor: 'snom', model: 'D785' });

    await ctx.store.insertPhone(taker); // marks p.mac again, without a release
    expect((await jobs()).get(p!.mac)!.release).toStrictEqual({ vendor: 'yealink' });
    await ctx.store.updatePhone(taker.id, (x) => ({ ...x, vendor: 'fanvil', model: 'X4U' }));

    expect((await jobs()).get(p!.mac)!.release).toStrictEqual({ vendor: 'snom' });
  });
}
