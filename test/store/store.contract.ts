/**
 * @module The store contract suite: behaviour every Store backend must have, run by
 * memory.test.ts, sqlite.test.ts and redis.test.ts against a fresh, empty store per test, once
 * with records stored plain and once sealing secrets (a codec over a key list of the test's own).
 * (Not a test file itself: its name does not end in .test.ts.)
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { SealedStore } from '../../src/store/types.js';
import { epochTests } from './contract/epoch.js';
import { eventTests } from './contract/events.js';
import { idempotencyTests } from './contract/idempotency.js';
import { lineTests } from './contract/lines.js';
import { listTests } from './contract/lists.js';
import { phoneTests } from './contract/phones.js';
import { rpsAccountSealedTests, rpsAccountTests } from './contract/rps-accounts.js';
import { rpsJobTests } from './contract/rps-jobs.js';
import { rpsMarkTests } from './contract/rps-marks.js';
import { sealedTests } from './contract/sealed.js';
import type { ContractContext, SealingHarness } from './contract/support.js';
import { templateTests } from './contract/templates.js';
import { updateTests } from './contract/updates.js';
import { userTests } from './contract/users.js';

/** A fresh empty store and how to dispose of it (close it, delete its files or keys). */
export interface StoreHarness {
  readonly store: SealedStore;
  /** Given when the store seals secrets. */
  readonly sealing?: SealingHarness;
  cleanup(): Promise<void>;
}

/**
 * Declares the contract tests for one backend, twice: records stored plain, and secrets sealed
 * (plus the tests of sealing). `makeStore(sealed)` is called before every test; with `sealed` it
 * answers a store over a sealing codec of its own, given with its raw bytes as `sealing`.
 */
export function describeStoreContract(name: string, makeStore: (sealed: boolean) => Promise<StoreHarness>): void {
  for (const sealed of [false, true]) {
    describe(`${name} store contract${sealed ? ' (secrets sealed)' : ''}`, () => {
      let current: StoreHarness | undefined;
      const ctx: ContractContext = {
        get store() {
          if (!current) throw new Error('no store: makeStore failed');
          return current.store;
        },
        get sealing() {
          return current?.sealing;
        },
      };
      beforeEach(async () => {
        current = await makeStore(sealed);
      });
      afterEach(async () => {
        await current?.cleanup();
        current = undefined;
      });

      describe('users', () => userTests(ctx));
      describe('phones and sightings', () => phoneTests(ctx));
      describe('lists', () => listTests(ctx));
      describe('phone lines', () => lineTests(ctx));
      describe('atomic updates', () => updateTests(ctx));
      describe('data epoch', () => epochTests(ctx));
      describe('idempotent creates', () => idempotencyTests(ctx));
      describe('network and events', () => eventTests(ctx));
      describe('RPS outbox marks', () => rpsMarkTests(ctx));
      describe('RPS jobs', () => rpsJobTests(ctx));
      describe('RPS accounts', () => rpsAccountTests(ctx));
      describe('template versions', () => templateTests(ctx));
      if (sealed) describe('secrets at rest', () => (sealedTests(ctx), rpsAccountSealedTests(ctx)));
    });
  }
}
