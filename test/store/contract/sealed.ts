/**
 * @module Store contract with a sealing codec (issue 9, §3): nothing secret is stored plain, the
 * folder token is found through keyed hashes under every key held, and the store's SealedRecords
 * re-seal every record under a new key, moving token index entries, without events.
 */
import { randomBytes } from 'node:crypto';
import { expect, it, vi } from 'vitest';
import { DEFAULT_NETWORK } from '../../../src/domain/network.js';
import { newKeyEntry } from '../../../src/secrets/key-file.js';
import { resealRecords } from '../../../src/secrets/rotate.js';
import type { StoreEvent } from '../../../src/store/types.js';
import { phoneWithSecrets, plainSecretsIn, userWithSecrets } from '../../helpers/secrets-dump.js';
import { sealedValueCount } from '../../secrets/support.js';
import { byId, phoneQuery, readBack, replaceUser, userQuery, type ContractContext } from './support.js';

export function sealedTests(ctx: ContractContext): void {
  const sealing = () => ctx.sealing!;
  /** A new key first in the list, then a reload: `provd rotate-key --add-only`, then SIGHUP. */
  const addKey = () => {
    const { keys, keyring } = sealing();
    const entry = newKeyEntry(keys.state.entries.map((e) => e.id));
    keys.replace([entry, ...keys.state.entries]);
    keyring.reload();
    return entry.id;
  };
  /** Only these keys (of the list as addKey left it) held from now on. */
  const holdOnly = (ids: string[]) => {
    const { keys, keyring } = sealing();
    const all = keys.state.entries;
    keys.replace(all.filter((e) => ids.includes(e.id)));
    keyring.reload();
    keys.replace(all); // the next holdOnly picks from every key again; the keyring keeps what it read
  };

  it('stores no password, PIN or folder token in plain, and reads every record back as written', async () => {
    const u = userWithSecrets();
    const [p, q] = [phoneWithSecrets(u), phoneWithSecrets(u)];
    await ctx.store.insertUser(u);
    await ctx.store.insertPhone(p);
    await ctx.store.insertPhone(q);
    const changed = await replaceUser(ctx.store, { ...u, extension_password: `sip-pw-new-${randomBytes(4).toString('hex')}`, provision_token: randomBytes(16).toString('hex') });
    const q2 = await ctx.store.updatePhone(q.id, (x) => ({ ...x, door_password1: '51738264' }));

    expect(await ctx.store.getUser(u.id)).toStrictEqual(changed);
    expect(await ctx.store.getUserByToken(changed.provision_token)).toStrictEqual(changed);
    expect(await ctx.store.getUserByToken(u.provision_token)).toBeUndefined();
    expect(await ctx.store.getPhone(p.id)).toStrictEqual(readBack(p));
    expect(await ctx.store.getPhoneByMac(q.mac)).toStrictEqual(readBack(q2));
    expect((await ctx.store.listUsers(userQuery())).items).toStrictEqual([changed]);
    expect(byId((await ctx.store.listPhones(phoneQuery())).items)).toStrictEqual(byId([p, q2].map(readBack)));
    const raw = await sealing().rawBytes?.();
    if (raw) expect(plainSecretsIn(raw, { users: [u, changed], phones: [p, q, q2] })).toEqual([]);
  });

  it('finds a user by a token indexed under a key that is no longer current, and re-keys it at the next write', async () => {
    const u = userWithSecrets();
    await ctx.store.insertUser(u);
    const added = addKey();

    expect(await ctx.store.getUserByToken(u.provision_token)).toStrictEqual(u);
    const moved = await replaceUser(ctx.store, { ...u, display_name: 'moved' });
    holdOnly([added]);

    expect(await ctx.store.getUserByToken(u.provision_token)).toStrictEqual(moved);
  });

  it('re-seals every record under a new key through its SealedRecords: docs and token index entries move, old entries go, no event', async () => {
    const users = [userWithSecrets(), userWithSecrets()];
    const phones = users.map((u) => phoneWithSecrets(u));
    for (const u of users) await ctx.store.insertUser(u);
    for (const p of phones) await ctx.store.insertPhone(p);
    const seen: StoreEvent[] = [];
    ctx.store.subscribe((e) => seen.push(e));
    const { codec, keyring } = sealing();
    const first = keyring.current().id;
    const visited: string[] = [];
    await ctx.store.sealedRecords.forEachRecord('user', (doc) => {
      visited.push(doc.id);
      expect(codec.keyIds('user', doc)).toEqual([first]); // the doc as stored, sealed
      expect(sealedValueCount(doc)).toBe(1); // all its secrets in one value
      return undefined;
    });
    expect(visited.sort()).toEqual(users.map((u) => u.id).sort());

    const added = addKey();
    expect(await resealRecords(codec, ctx.store.sealedRecords)).toEqual({ user: 2, phone: 2, rps_account: 0 });
    expect(await resealRecords(codec, ctx.store.sealedRecords)).toEqual({ user: 0, phone: 0, rps_account: 0 });

    holdOnly([first]);
    for (const u of users) expect(await ctx.store.getUserByToken(u.provision_token)).toBeUndefined(); // old entries removed
    holdOnly([added]);
    for (const u of users) {
      expect(await ctx.store.getUser(u.id)).toStrictEqual(u);
      expect(await ctx.store.getUserByToken(u.provision_token)).toStrictEqual(u);
    }
    for (const p of phones) expect(await ctx.store.getPhone(p.id)).toStrictEqual(readBack(p));
    const raw = await sealing().rawBytes?.();
    if (raw) expect(plainSecretsIn(raw, { users, phones })).toEqual([]);
    await ctx.store.putNetwork(DEFAULT_NETWORK); // a later change: once its event is in, every earlier one would be
    await vi.waitFor(() => expect(seen).toContainEqual({ kind: 'network' }));
    expect(seen).toStrictEqual([{ kind: 'network' }]);
  });
}
