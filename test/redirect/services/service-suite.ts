/**
 * @module The behaviour every redirect client shows against its service's mock (the list of
 * brief10: register, re-register, unregister, lookup three ways, owned by other, bad credentials,
 * 5xx then success, a hung connection, a malformed reply, invalid MAC/URL, check both ways, values
 * with XML/URL metacharacters intact, no credential in a message). Each service's test file runs
 * it with a harness over its own mock, then adds what is its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import { isRedirectError, type RedirectAccount, type RedirectClientOptions, type RedirectErrorKind, type RedirectService } from '../../../src/redirect/types.js';
import type { MockService } from '../support/mock-http.js';

export interface SuiteWorld {
  readonly mock: MockService;
  /** A client of the good account, with `account` fields overriding it. */
  client(account?: Partial<RedirectAccount>, options?: RedirectClientOptions): RedirectService;
  /** The URL the service holds for `mac` in the good account (undefined: none). */
  held(mac: Mac): string | undefined;
  /** `ours`: a MAC of the vendor; `foreign`: held by another account; `invalid`: refused by the service. */
  readonly macs: { readonly ours: Mac; readonly foreign: Mac; readonly invalid: Mac };
  /** An account the mock knows whose secret is `&<>"'`-laden (it holds MACs in the good account's place). */
  readonly special: Partial<RedirectAccount>;
  /** The secrets, none of which may appear in an error message. */
  readonly secrets: readonly string[];
}

export interface SuiteHarness {
  readonly name: string;
  start(): Promise<SuiteWorld>;
  /** What `held()` reads for the special account. */
  heldBySpecial(world: SuiteWorld, mac: Mac): string | undefined;
}

const URL_A = 'https://prov.example.com/p/AbC123/';
const URL_B = 'https://prov.example.com/p/XyZ789/';
const SHORT_TIMEOUT = { timeoutMs: 300 };

export function runRedirectServiceSuite(harness: SuiteHarness): void {
  describe(`${harness.name} against its mock`, () => {
    let world: SuiteWorld;
    beforeEach(async () => {
      world = await harness.start();
    });
    afterEach(() => world.mock.close());

    it('registers the URL: the service then holds it for the MAC', async () => {
      await world.client().register(world.macs.ours, URL_A);
      expect(world.held(world.macs.ours)).toBe(URL_A);
    });

    it('re-registers a new URL: the service then holds the new one', async () => {
      const client = world.client();
      await client.register(world.macs.ours, URL_A);
      await client.register(world.macs.ours, URL_B);
      expect(world.held(world.macs.ours)).toBe(URL_B);
      await world.client().register(world.macs.ours, URL_A);
      expect(world.held(world.macs.ours)).toBe(URL_A);
    });

    it('unregisters: the service no longer holds the MAC, and unregistering it again succeeds', async () => {
      const client = world.client();
      await client.register(world.macs.ours, URL_A);
      await client.unregister(world.macs.ours);
      expect(world.held(world.macs.ours)).toBeUndefined();
      await client.unregister(world.macs.ours);
    });

    it('looks up a registered MAC with the URL the service holds, an unknown one as absent, another account\'s as owned_by_other', async () => {
      const client = world.client();
      await client.register(world.macs.ours, URL_A);
      expect(await client.lookup(world.macs.ours)).toEqual({ state: 'registered', url: URL_A });
      await client.unregister(world.macs.ours);
      expect(await client.lookup(world.macs.ours)).toEqual({ state: 'absent' });
      expect(await client.lookup(world.macs.foreign)).toEqual({ state: 'owned_by_other' });
    });

    it('refuses to register a MAC of another account as owned_by_other, even with override, and takes nothing over', async () => {
      await expectKind(world.client().register(world.macs.foreign, URL_A), 'owned_by_other');
      await expectKind(world.client().register(world.macs.foreign, URL_A, { override: true }), 'owned_by_other');
      expect(world.held(world.macs.foreign)).toBeUndefined();
    });

    it('answers auth_failed for a wrong secret (register and check), naming no secret', async () => {
      const wrong = world.client({ accessKeySecret: 'not-the-secret' });
      const err = await expectKind(wrong.register(world.macs.ours, URL_A), 'auth_failed');
      await expectKind(wrong.check(), 'auth_failed');
      for (const secret of [...world.secrets, 'not-the-secret']) expect(err.message).not.toContain(secret);
      expect(world.held(world.macs.ours)).toBeUndefined();
    });

    it('answers auth_failed when its clock is 20 minutes off (the service refuses a stale signature)', async () => {
      await expectKind(world.client({}, { now: () => Date.now() - 20 * 60_000 }).check(), 'auth_failed');
    });

    it('answers unavailable on a 5xx, and the next call succeeds', async () => {
      const client = world.client();
      world.mock.faults.status(1, 503);
      await expectKind(client.register(world.macs.ours, URL_A), 'unavailable');
      await client.register(world.macs.ours, URL_A);
      expect(world.held(world.macs.ours)).toBe(URL_A);
    });

    it('answers unavailable when the service never answers, within the client timeout', async () => {
      world.mock.faults.hang(1);
      await expectKind(world.client({}, SHORT_TIMEOUT).register(world.macs.ours, URL_A), 'unavailable');
    });

    it('answers unknown for a reply that is not the documented shape', async () => {
      world.mock.faults.malformed(1);
      await expectKind(world.client().register(world.macs.ours, URL_A), 'unknown');
    });

    it('answers invalid_mac and invalid_url for the values the service refuses', async () => {
      await expectKind(world.client().register(world.macs.invalid, URL_A), 'invalid_mac');
      await expectKind(world.client().register(world.macs.ours, 'gopher://prov.example.com/'), 'invalid_url');
      expect(world.held(world.macs.ours)).toBeUndefined();
    });

    it('checks the credentials: resolves for the good account', async () => {
      await expect(world.client().check()).resolves.toBeUndefined();
    });

    it('carries a URL and a secret with & < > " \' to the service intact', async () => {
      const url = `https://prov.example.com/p/a&b<c>d"e'f/?x=1&y=<2>`;
      await world.client(world.special).register(world.macs.ours, url);
      expect(harness.heldBySpecial(world, world.macs.ours)).toBe(url);
      expect(await world.client(world.special).lookup(world.macs.ours)).toEqual({ state: 'registered', url });
    });
  });
}

/** Awaits a rejection and checks its kind; returns the error. */
export async function expectKind(call: Promise<unknown>, kind: RedirectErrorKind): Promise<Error> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isRedirectError(err) ? err.kind : err).toBe(kind);
  return err as Error;
}
