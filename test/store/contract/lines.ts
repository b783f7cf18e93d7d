/**
 * @module Store contract: further lines of phones (`lines`): stored as written, every line's user
 * must exist, and deleting a user removes its lines from every other phone in the same step,
 * with a phone event for each phone it rewrote.
 */
import { expect, it, vi } from 'vitest';
import type { Phone } from '../../../src/domain/phone.js';
import type { StoreEvent } from '../../../src/store/types.js';
import { makePhone, makeUser } from '../../helpers/records.js';
import { expectProvError, readBack, replacePhone, snapshot, type ContractContext } from './support.js';

export function lineTests(ctx: ContractContext): void {
  lineMacTests(ctx);
  const users = async (count: number) => {
    const out = [];
    for (let i = 0; i < count; i++) {
      const u = makeUser();
      await ctx.store.insertUser(u);
      out.push(u);
    }
    return out;
  };

  it('reads back a phone with lines exactly as written', async () => {
    const [owner, second, third] = await users(3);
    const p = makePhone(owner!, { lines: [{ user_id: second!.id, label: 'Sales' }, { user_id: third!.id }] });
    await ctx.store.insertPhone(p);
    expect(await ctx.store.getPhone(p.id)).toStrictEqual(readBack(p));
  });

  it('refuses a phone whose line user does not exist, on insert and on update, writing nothing', async () => {
    const [owner] = await users(1);
    const before = await snapshot(ctx.store);
    const p = makePhone(owner!, { lines: [{ user_id: 'no-such-user' }] });
    await expectProvError(ctx.store.insertPhone(p), 'PROV_ERR_USER_NOT_FOUND', 'no-such-user');
    expect(await snapshot(ctx.store)).toStrictEqual(before);
    const plain = makePhone(owner!);
    await ctx.store.insertPhone(plain);
    await expectProvError(replacePhone(ctx.store, { ...plain, lines: [{ user_id: 'gone' }] }), 'PROV_ERR_USER_NOT_FOUND', 'gone');
    expect(await ctx.store.getPhone(plain.id)).toStrictEqual(readBack(plain));
  });

  it('deleting a user removes its lines from every other phone and publishes their phone events', async () => {
    const [owner, other, gone, keep] = await users(4);
    const a = makePhone(owner!, { lines: [{ user_id: gone!.id, label: 'G' }, { user_id: keep!.id }] });
    const b = makePhone(other!, { lines: [{ user_id: gone!.id }] });
    const untouched = makePhone(other!, { lines: [{ user_id: keep!.id }] });
    const own = makePhone(gone!, { lines: [{ user_id: keep!.id }] });
    for (const p of [a, b, untouched, own]) await ctx.store.insertPhone(p);
    const events: StoreEvent[] = [];
    const off = ctx.store.subscribe((e) => events.push(e));
    try {
      expect(await ctx.store.deleteUser(gone!.id)).toStrictEqual([own]);
      expect(await ctx.store.getPhone(a.id)).toStrictEqual(readBack({ ...a, lines: [{ user_id: keep!.id }] }));
      const { lines: _l, ...bare } = b;
      expect(await ctx.store.getPhone(b.id)).toStrictEqual(readBack(bare as Phone));
      expect(await ctx.store.getPhone(untouched.id)).toStrictEqual(readBack(untouched));
      await vi.waitFor(() => expect(events.some((e) => e.kind === 'user')).toBe(true));
      for (const p of [a, b, own]) expect(events).toContainEqual({ kind: 'phone', id: p.id, mac: p.mac, user_id: p.user_id });
      expect(events.filter((e) => e.kind === 'phone' && e.id === untouched.id)).toStrictEqual([]);
    } finally {
      off();
    }
    // The line index follows: deleting `keep` now rewrites a and untouched, and b stays as it is.
    await ctx.store.deleteUser(keep!.id);
    const { lines: _a, ...aBare } = a;
    expect(await ctx.store.getPhone(a.id)).toStrictEqual(readBack(aBare as Phone));
    const { lines: _u, ...uBare } = untouched;
    expect(await ctx.store.getPhone(untouched.id)).toStrictEqual(readBack(uBare as Phone));
  });

  it('a line dropped by an update no longer ties the phone to that user', async () => {
    const [owner, second] = await users(2);
    const p = makePhone(owner!, { lines: [{ user_id: second!.id }] });
    await ctx.store.insertPhone(p);
    const { lines: _l, ...bare } = p;
    await replacePhone(ctx.store, bare as Phone);
    const before = await ctx.store.getPhone(p.id);
    await ctx.store.deleteUser(second!.id);
    expect(await ctx.store.getPhone(p.id)).toStrictEqual(before);
    // A deleted phone leaves no line behind either.
    const q = makePhone(owner!, { lines: [{ user_id: (await users(1))[0]!.id }] });
    await ctx.store.insertPhone(q);
    await ctx.store.deletePhone(q.id);
    await ctx.store.deleteUser(q.lines![0]!.user_id);
    expect(await ctx.store.getUser(q.lines![0]!.user_id)).toBeUndefined();
  });
}

function lineMacTests(ctx: ContractContext): void {
  it('answers the MACs of the phones carrying a user on a further line, and follows updates and deletes', async () => {
    const [owner, other, line] = (await Promise.all([makeUser(), makeUser(), makeUser()].map(async (u) => (await ctx.store.insertUser(u), u))));
    const a = makePhone(owner!, { lines: [{ user_id: line!.id }] });
    const b = makePhone(other!, { lines: [{ user_id: line!.id }] });
    const c = makePhone(other!);
    for (const p of [a, b, c]) await ctx.store.insertPhone(p);
    const sorted = (macs: string[]) => [...macs].sort();
    expect(sorted(await ctx.store.lineMacsOfUser(line!.id))).toStrictEqual(sorted([a.mac, b.mac]));
    const { lines: _l, ...bare } = b;
    await replacePhone(ctx.store, bare as Phone);
    expect(await ctx.store.lineMacsOfUser(line!.id)).toStrictEqual([a.mac]);
    await ctx.store.deletePhone(a.id);
    expect(await ctx.store.lineMacsOfUser(line!.id)).toStrictEqual([]);
    expect(await ctx.store.lineMacsOfUser('no-such-user')).toStrictEqual([]);
  });
}
