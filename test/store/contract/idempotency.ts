/**
 * @module Store contract: idempotent creates. The key is stored with the record it created, in
 * the same atomic write; a retry with the same fingerprint creates nothing and answers the first
 * id; the same key with another fingerprint is refused (issue 9: a create answered 503 was
 * applied after all, and the client's retry got 409).
 */
import { expect, it } from 'vitest';
import type { StoreEvent } from '../../../src/store/types.js';
import { makePhone, makeUser } from '../../helpers/records.js';
import { expectProvError, snapshot, type ContractContext } from './support.js';

export function idempotencyTests(ctx: ContractContext): void {
  it('answers the first user for a retry with the same key and fingerprint, creating nothing', async () => {
    const first = makeUser();
    const claim = { key: 'key-user-1', fingerprint: 'fp-1' };
    expect(await ctx.store.insertUser(first, claim)).toEqual({ created: true, id: first.id });
    const before = await snapshot(ctx.store);
    const seen: StoreEvent[] = [];
    ctx.store.subscribe((e) => seen.push(e));

    // The retry is the same request: same name and extension, a new id (the server makes one per request).
    const retry = await ctx.store.insertUser({ ...first, id: 'another-id', provision_token: 'another-token' }, claim);

    expect(retry).toEqual({ created: false, id: first.id });
    expect(await snapshot(ctx.store)).toStrictEqual(before);
    expect(await ctx.store.getUser('another-id')).toBeUndefined();
    await ctx.store.putNetwork(before.network); // a later event: anything the retry published came before it
    await expect.poll(() => seen).toEqual([{ kind: 'network' }]);
  });

  it('refuses the same key with another fingerprint on users and phones, writing nothing', async () => {
    const u = makeUser();
    await ctx.store.insertUser(u, { key: 'key-2', fingerprint: 'fp-user' });
    const p = makePhone(u);
    await ctx.store.insertPhone(p, { key: 'key-3', fingerprint: 'fp-phone' });
    const before = await snapshot(ctx.store);

    await expectProvError(ctx.store.insertUser(makeUser(), { key: 'key-2', fingerprint: 'fp-other' }), 'PROV_ERR_IDEMPOTENCY_KEY_REUSED', 'key-2');
    await expectProvError(ctx.store.insertPhone(makePhone(u), { key: 'key-3', fingerprint: 'fp-other' }), 'PROV_ERR_IDEMPOTENCY_KEY_REUSED', 'key-3');
    await expectProvError(ctx.store.insertPhone(makePhone(u), { key: 'key-2', fingerprint: 'fp-phone' }), 'PROV_ERR_IDEMPOTENCY_KEY_REUSED', 'key-2');

    expect(await snapshot(ctx.store)).toStrictEqual(before);
  });

  it('answers the first phone for a retry even though its MAC is taken by then (by that phone)', async () => {
    const u = makeUser();
    await ctx.store.insertUser(u);
    const p = makePhone(u);
    const claim = { key: 'key-phone', fingerprint: 'fp' };
    await ctx.store.insertPhone(p, claim);

    expect(await ctx.store.insertPhone({ ...p, id: 'retry-id' }, claim)).toEqual({ created: false, id: p.id });
    await expectProvError(ctx.store.insertPhone({ ...p, id: 'no-key-id' }), 'PROV_ERR_MAC_TAKEN');
  });

  it('does not keep the key of a create that was refused', async () => {
    const a = makeUser();
    await ctx.store.insertUser(a);
    const b = makeUser({ extension_number: a.extension_number });
    const claim = { key: 'key-refused', fingerprint: 'fp' };
    await expectProvError(ctx.store.insertUser(b, claim), 'PROV_ERR_EXTENSION_TAKEN');

    await ctx.store.deleteUser(a.id);

    expect(await ctx.store.insertUser(b, claim)).toEqual({ created: true, id: b.id });
  });
}
