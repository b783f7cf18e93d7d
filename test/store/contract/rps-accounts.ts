/**
 * @module Store contract: redirect-service accounts (issue 10, §2), one per vendor, and with a
 * sealing codec their secrets at rest: never plain in the raw bytes, visited and re-sealed by
 * the store's SealedRecords as kind `rps_account` (id = vendor), as `provd rotate-key` needs.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { newKeyEntry } from '../../../src/secrets/key-file.js';
import { keyUsage, resealRecords } from '../../../src/secrets/rotate.js';
import type { RpsAccount } from '../../../src/store/rps-types.js';
import type { ContractContext } from './support.js';

const AT = '2025-06-01T12:00:00.000Z';

/** An account with distinctive secrets (a raw dump is searched for them). */
function account(vendor: string, extra: Partial<RpsAccount> = {}): RpsAccount {
  const tag = randomBytes(6).toString('hex');
  return {
    vendor, flavour: `${vendor}-xmlrpc`, username: `user-${vendor}`, password: `rps-pw-${tag}`,
    access_key_id: `AK${tag}`, access_key_secret: `rps-sk-${tag}`, created_at: AT, updated_at: AT, ...extra,
  };
}

export function rpsAccountTests(ctx: ContractContext): void {
  it('adds, replaces, reads, lists by vendor and deletes accounts, one per vendor', async () => {
    const snom = account('snom', { url: 'http://127.0.0.1:9/sraps' });
    const yealink = account('yealink', { flavour: 'yealink-json' });
    const fanvil: RpsAccount = { vendor: 'fanvil', flavour: 'fanvil-fdps', username: 'f', password: 'p', created_at: AT, updated_at: AT };

    for (const a of [snom, yealink, fanvil]) await ctx.store.putRpsAccount(a);
    const replaced = { ...yealink, password: 'rps-pw-changed', updated_at: '2025-07-01T00:00:00.000Z' };
    await ctx.store.putRpsAccount(replaced);

    expect(await ctx.store.getRpsAccount('snom')).toStrictEqual(snom);
    expect(await ctx.store.getRpsAccount('yealink')).toStrictEqual(replaced);
    expect(await ctx.store.getRpsAccount('gigaset')).toBeUndefined();
    expect(await ctx.store.listRpsAccounts()).toStrictEqual([fanvil, snom, replaced]);
    expect(await ctx.store.deleteRpsAccount('snom')).toBe(true);
    expect(await ctx.store.deleteRpsAccount('snom')).toBe(false);
    expect(await ctx.store.getRpsAccount('snom')).toBeUndefined();
    expect(await ctx.store.listRpsAccounts()).toStrictEqual([fanvil, replaced]);
  });

  it('hands out account copies', async () => {
    const a = account('htek');
    await ctx.store.putRpsAccount(a);
    const read = (await ctx.store.getRpsAccount('htek')) as { password?: string };
    read.password = 'mutated';
    expect(await ctx.store.getRpsAccount('htek')).toStrictEqual(a);
  });

}

/** With a sealing codec only (ctx.sealing set). */
export function rpsAccountSealedTests(ctx: ContractContext): void {
  it('seals account secrets at rest and re-seals them under a new key with the other records', async () => {
    const { codec, keyring, keys, rawBytes } = ctx.sealing!;
    const accounts = [account('akuvox'), account('gigaset', { flavour: 'gigaset-grape' })];
    for (const a of accounts) await ctx.store.putRpsAccount(a);

    const raw = await rawBytes?.();
    if (raw) for (const a of accounts) for (const secret of [a.password!, a.access_key_secret!]) expect(raw.includes(secret)).toBe(false);
    const visited: string[] = [];
    await ctx.store.sealedRecords.forEachRecord('rps_account', (doc) => {
      visited.push(doc.id);
      expect(doc).not.toHaveProperty('password');
      expect(doc).not.toHaveProperty('access_key_secret');
      expect(codec.keyIds('rps_account', doc)).toEqual([keyring.current().id]);
      return undefined;
    });
    expect(visited.sort()).toEqual(['akuvox', 'gigaset']);

    const added = newKeyEntry(keys.state.entries.map((e) => e.id));
    keys.replace([added, ...keys.state.entries]);
    keyring.reload();
    expect(await resealRecords(codec, ctx.store.sealedRecords)).toEqual({ user: 0, phone: 0, rps_account: 2 });
    await ctx.store.sealedRecords.forEachRecord('rps_account', (doc) => {
      expect(codec.keyIds('rps_account', doc)).toEqual([added.id]);
      return undefined;
    });
    expect((await keyUsage(codec, ctx.store.sealedRecords)).byKey).toStrictEqual(new Map([[added.id, 2]])); // retiring keys counts accounts
    for (const a of accounts) expect(await ctx.store.getRpsAccount(a.vendor)).toStrictEqual(a);
  });
}
