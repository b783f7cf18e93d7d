/**
 * @module Store contract: atomic updates (read-modify-write). Concurrent partial updates of one
 * record must all survive (issue 9: on Redis a PATCH lost in 10 of 20 rounds, a token rotation
 * undone in 5 of 20); a change that throws writes nothing; a change that keeps losing gives up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { DEFAULT_NETWORK, type Network } from '../../../src/domain/network.js';
import type { Phone } from '../../../src/domain/phone.js';
import type { User } from '../../../src/domain/user.js';
import { ProvError } from '../../../src/errors.js';
import { MAX_UPDATE_ATTEMPTS } from '../../../src/store/optimistic.js';
import { makePhone, makeUser, nextMac } from '../../helpers/records.js';
import { expectProvError, snapshot, type ContractContext } from './support.js';

/** A change that sets one field after a random pause, so the updates' reads and writes interleave. */
const slowly = <T>(patch: Partial<T>) => async (current: T): Promise<T> => {
  await sleep(Math.random() * 5);
  return { ...current, ...patch };
};

const USER_PATCHES: Partial<User>[] = [
  { display_name: 'Display' }, { email: 'e@example.com' }, { department: 'Dept' }, { address: 'Street 1' },
  { mobile_phone: '+1 555' }, { work_phone: '+2 555' }, { home_phone: '+3 555' }, { extension_password: 'new-ext-secret' },
  { provision_token: 'rotated-token-0123456789abcdef' }, { enable_dnd: true },
];

export function updateTests(ctx: ContractContext): void {
  it('applies concurrent partial updates of one user, losing none', async () => {
    const u = makeUser();
    await ctx.store.insertUser(u);

    await Promise.all(USER_PATCHES.map((patch) => ctx.store.updateUser(u.id, slowly<User>(patch))));

    const stored = await ctx.store.getUser(u.id);
    expect(stored).toStrictEqual({ ...u, ...Object.assign({}, ...USER_PATCHES) });
    expect(await ctx.store.getUserByToken('rotated-token-0123456789abcdef')).toStrictEqual(stored);
    expect(await ctx.store.getUserByToken(u.provision_token)).toBeUndefined();
  });

  it('applies concurrent partial updates of one phone, MAC change included, losing none', async () => {
    const u = makeUser();
    await ctx.store.insertUser(u);
    const p = makePhone(u);
    await ctx.store.insertPhone(p);
    const mac = nextMac();
    const patches: Partial<Phone>[] = [{ mac }, { serial_number: 'SN-9' }, { language: 'GERMAN' }, { wan_port_id: 7 }, { password: 'new-web-pw' }, { rps: true }];

    await Promise.all(patches.map((patch) => ctx.store.updatePhone(p.id, slowly<Phone>(patch))));

    // rps: true marked the MAC (pending) in the write that set it.
    const expected = { ...p, ...Object.assign({}, ...patches), rps_status: 'pending', rps_message: '', rps_updated_at: expect.any(String) };
    expect(await ctx.store.getPhone(p.id)).toStrictEqual(expected);
    expect(await ctx.store.getPhoneByMac(mac)).toStrictEqual(expected);
    expect(await ctx.store.getPhoneByMac(p.mac)).toBeUndefined();
  });

  it('applies concurrent partial updates of the network settings, losing none', async () => {
    const patches: Partial<Network>[] = [{ web_domain: 'pbx.example.com' }, { public_ipv4: '203.0.113.5' }, { private_ipv4: '10.0.0.5' }, { udp_port: 5080 }];

    await Promise.all(patches.map((patch) => ctx.store.updateNetwork(slowly<Network>(patch))));

    expect(await ctx.store.getNetwork()).toStrictEqual({ ...DEFAULT_NETWORK, ...Object.assign({}, ...patches) });
  });

  it('answers the record written and hands the change a copy of the stored one', async () => {
    const u = makeUser();
    await ctx.store.insertUser(u);
    let seen: User | undefined;

    const written = await ctx.store.updateUser(u.id, (current) => {
      seen = current;
      return { ...current, display_name: 'After' };
    });
    (seen as { name: string }).name = 'mutated';

    expect(written).toStrictEqual({ ...u, display_name: 'After' });
    expect(await ctx.store.getUser(u.id)).toStrictEqual(written);
  });

  it('writes nothing when the change throws, and passes its error on', async () => {
    const u = makeUser();
    await ctx.store.insertUser(u);
    const before = await snapshot(ctx.store);
    const refusal = new ProvError('PROV_ERR_VALIDATION', ['refused by the change']);

    await expect(ctx.store.updateUser(u.id, async () => Promise.reject(refusal))).rejects.toBe(refusal);

    expect(await snapshot(ctx.store)).toStrictEqual(before);
  });

  it('refuses to update a missing user or phone without calling the change', async () => {
    let called = false;
    const change = <T>(x: T) => ((called = true), x);
    await expectProvError(ctx.store.updateUser('no-such-user', change), 'PROV_ERR_USER_NOT_FOUND', 'no-such-user');
    await expectProvError(ctx.store.updatePhone('no-such-phone', change), 'PROV_ERR_PHONE_NOT_FOUND', 'no-such-phone');
    expect(called).toBe(false);
  });

  it('keeps the checks of an insert and the id of the record', async () => {
    const a = makeUser(), b = makeUser();
    await ctx.store.insertUser(a);
    await ctx.store.insertUser(b);
    const before = await snapshot(ctx.store);

    await expectProvError(ctx.store.updateUser(b.id, (x) => ({ ...x, extension_number: a.extension_number })), 'PROV_ERR_EXTENSION_TAKEN');
    await expectProvError(ctx.store.updateUser(b.id, (x) => ({ ...x, id: a.id })), 'PROV_ERR_INTERNAL');

    expect(await snapshot(ctx.store)).toStrictEqual(before);
  });

  it('gives up with PROV_ERR_STORE_CONFLICT when every attempt loses to another write', async () => {
    const u = makeUser();
    await ctx.store.insertUser(u);
    let attempts = 0;

    // Each attempt's change lets another update win first, so the record is never what it read.
    const contested = ctx.store.updateUser(u.id, async (current) => {
      attempts++;
      await ctx.store.updateUser(u.id, (x) => ({ ...x, department: `won ${attempts}` }));
      return { ...current, display_name: 'never written' };
    });

    await expectProvError(contested, 'PROV_ERR_STORE_CONFLICT', `user ${u.id}`);
    expect(attempts).toBe(MAX_UPDATE_ATTEMPTS);
    expect(await ctx.store.getUser(u.id)).toStrictEqual({ ...u, department: `won ${MAX_UPDATE_ATTEMPTS}` });
  });
}
