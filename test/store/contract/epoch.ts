/** @module Store contract: the data-epoch marker (written once, read back, claimed by every node). */
import { expect, it } from 'vitest';
import type { ContractContext } from './support.js';

export function epochTests(ctx: ContractContext): void {
  it('has no marker until one is claimed, then keeps the first one claimed', async () => {
    expect(await ctx.store.readEpoch()).toBeUndefined();

    const first = await ctx.store.claimEpoch('epoch-a');
    const second = await ctx.store.claimEpoch('epoch-b');

    expect(first).toEqual({ epoch: 'epoch-a', created: true });
    expect(second).toEqual({ epoch: 'epoch-a', created: false });
    expect(await ctx.store.readEpoch()).toBe('epoch-a');
  });
}
