/**
 * @module The store contract suite: behaviour every Store backend must have, run by
 * memory.test.ts, sqlite.test.ts and redis.test.ts against a fresh, empty store per test.
 * (Not a test file itself: its name does not end in .test.ts.)
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { epochTests } from './contract/epoch.js';
import { eventTests } from './contract/events.js';
import { idempotencyTests } from './contract/idempotency.js';
import { listTests } from './contract/lists.js';
import { phoneTests } from './contract/phones.js';
import type { ContractContext } from './contract/support.js';
import { updateTests } from './contract/updates.js';
import { userTests } from './contract/users.js';

/** A fresh empty store and how to dispose of it (close it, delete its files or keys). */
export interface StoreHarness {
  readonly store: Store;
  cleanup(): Promise<void>;
}

/** Declares the contract tests for one backend; `makeStore` is called before every test. */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`${name} store contract`, () => {
    let current: StoreHarness | undefined;
    const ctx: ContractContext = {
      get store() {
        if (!current) throw new Error('no store: makeStore failed');
        return current.store;
      },
    };
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    describe('users', () => userTests(ctx));
    describe('phones and sightings', () => phoneTests(ctx));
    describe('lists', () => listTests(ctx));
    describe('atomic updates', () => updateTests(ctx));
    describe('data epoch', () => epochTests(ctx));
    describe('idempotent creates', () => idempotencyTests(ctx));
    describe('network and events', () => eventTests(ctx));
  });
}
