/**
 * @module The one contract suite of the redirect clients (src/redirect/types.ts, issue 10 §4),
 * run by each of the nine services' tests against its own mock through one harness shape:
 * register / re-register / unregister twice, lookup three ways, another account's MAC (with and
 * without override), refused credentials, a clock far off, check(), 5xx then success, a hung
 * connection, a malformed reply, the vendor's invalid-MAC and invalid-URL texts, and `&<>"'`
 * reaching the service intact. No error message may name a secret. What a family does of its own
 * (XML-RPC bodies, Hawk or X-Ca signatures, discovery) is tested by the family's helper beside
 * its services' tests (test/redirect/services/*-family.ts) and by each service's own file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import type { RedirectAccount, RedirectClientOptions, RedirectErrorKind, RedirectService } from '../../../src/redirect/types.js';
import { expectKind, leakForms, TEST_ACCOUNTS, URL_1, URL_2, type MockWorld, type RedirectHarness } from './client-harness.js';

/**
 * Runs the contract for one service: a fresh mock per test (`h.start`), clients of the test
 * account of the service's kind of credentials on it.
 */
export function describeRedirectClient(h: RedirectHarness): void {
  const form = h.heldForm ?? ((url: string) => url);
  const opts = (mac: Mac) => h.phone?.(mac);
  const { ours, foreign, invalid } = h.macs;
  const account: RedirectAccount = TEST_ACCOUNTS[h.definition.credentials];
  const secretField = h.definition.credentials === 'access_key' ? 'accessKeySecret' : 'password';
  const WRONG = 'wr0ng&<pw>';
  const secrets = leakForms(account, [WRONG, ...(h.derivedSecrets?.(account) ?? [])]);

  describe(`${h.definition.id} client (redirect contract)`, () => {
    let world: MockWorld;
    const client = (extra: Partial<RedirectAccount> = {}, options?: RedirectClientOptions): RedirectService =>
      h.definition.create({ url: world.url ?? world.service.url, ...account, ...extra }, options);
    /** A refusal of `kind` whose message names no secret. */
    const refused = async (call: Promise<unknown>, kind: RedirectErrorKind) => {
      const err = await expectKind(call, kind);
      for (const secret of secrets) expect(err.message).not.toContain(secret);
      return err;
    };
    beforeEach(async () => {
      world = await h.start(account);
    });
    afterEach(async () => {
      world.verify?.();
      await world.service.close();
    });

    it('registers the URL: the service then holds it for the MAC', async () => {
      await client().register(ours, URL_1, opts(ours));

      expect(world.held(ours)).toBe(form(URL_1));
    });

    it('re-registers with a new URL: the service then holds the new one, also when a new client registers again', async () => {
      const first = client();
      await first.register(ours, URL_1, opts(ours));
      await first.register(ours, URL_2, opts(ours));
      expect(world.held(ours)).toBe(form(URL_2));

      await client().register(ours, URL_1, opts(ours));
      expect(world.held(ours)).toBe(form(URL_1));
    });

    it('unregisters: the service no longer holds the MAC, and unregistering it again succeeds', async () => {
      const c = client();
      await c.register(ours, URL_1, opts(ours));

      await c.unregister(ours, opts(ours));
      await c.unregister(ours, opts(ours));

      expect(world.held(ours)).toBeUndefined();
    });

    it(`looks up a registered MAC (${h.lookupTellsUrl ? 'with' : 'without'} its URL), an absent one and another account's`, async () => {
      const c = client();
      await c.register(ours, URL_1, opts(ours));

      const registered = await c.lookup(ours, opts(ours));
      await c.unregister(ours, opts(ours));

      expect(registered).toEqual(h.lookupTellsUrl ? { state: 'registered', url: form(URL_1) } : { state: 'registered' });
      expect(await c.lookup(ours, opts(ours))).toEqual({ state: 'absent' });
      expect(await c.lookup(foreign, opts(foreign))).toEqual({ state: 'owned_by_other' });
    });

    it("refuses another account's MAC as owned_by_other and takes nothing over", async () => {
      await refused(client().register(foreign, URL_1, opts(foreign)), 'owned_by_other');

      expect(world.held(foreign)).toBeUndefined();
    });

    it('declares canOverride as it behaves (the API refuses an override the service cannot do)', () => {
      expect(h.definition.canOverride).toBe(h.overrideTakesOver);
    });

    if (h.overrideTakesOver) {
      it("takes another account's MAC over with the override option", async () => {
        await client().register(foreign, URL_1, { ...opts(foreign), override: true });

        expect(world.held(foreign)).toBe(form(URL_1));
      });
    } else {
      it("refuses another account's MAC even with the override option (the service allows no take-over)", async () => {
        await refused(client().register(foreign, URL_1, { ...opts(foreign), override: true }), 'owned_by_other');

        expect(world.held(foreign)).toBeUndefined();
      });
    }

    it('answers auth_failed for a wrong secret, on a call and on check(), naming no secret', async () => {
      const wrong = client({ [secretField]: WRONG });

      await refused(wrong.register(ours, URL_1, opts(ours)), 'auth_failed');
      await refused(wrong.check(), 'auth_failed');

      expect(world.held(ours)).toBeUndefined();
    });

    if (h.signsWithClock) {
      it('answers auth_failed when its clock is 20 minutes off (the service refuses a stale signature)', async () => {
        await refused(client({}, { now: () => Date.now() - 20 * 60_000 }).check(), 'auth_failed');
      });
    } else {
      it('works when its clock is 20 minutes off (the service signs nothing with it)', async () => {
        await client({}, { now: () => Date.now() - 20 * 60_000 }).check();
      });
    }

    it('check() resolves with working credentials', async () => {
      await expect(client().check()).resolves.toBeUndefined();
    });

    it('answers unavailable for a 5xx, and the next call succeeds', async () => {
      const c = client();
      world.service.faults.status(1, 503);

      await refused(c.register(ours, URL_1, opts(ours)), 'unavailable');
      await c.register(ours, URL_1, opts(ours));

      expect(world.held(ours)).toBe(form(URL_1));
    });

    it('answers unavailable when the service never answers (the client timeout fires)', async () => {
      world.service.faults.hang(1);

      await refused(client({}, { timeoutMs: 300 }).register(ours, URL_1, opts(ours)), 'unavailable');
    });

    it('answers unknown for a reply that is not the documented shape', async () => {
      world.service.faults.malformed(1);

      await refused(client().register(ours, URL_1, opts(ours)), 'unknown');
    });

    it("maps the service's invalid-MAC text to invalid_mac", async () => {
      await refused(client().register(invalid, URL_1, opts(invalid)), 'invalid_mac');
    });

    it("maps the service's invalid-URL text to invalid_url", async () => {
      await refused(client().register(ours, h.refusedUrl ?? 'gopher://prov.example.com/p/AbC123/', opts(ours)), 'invalid_url');

      expect(world.held(ours)).toBeUndefined();
    });

    it(`carries a URL with &<>"' to the service intact, with a secret holding them too`, async () => {
      const url = `https://prov.example.com/p/a&b<c>d"e'f/?x=1&y=<2>`;
      const c = client();

      await c.register(ours, url, opts(ours));

      expect(world.held(ours)).toBe(form(url));
      expect(await c.lookup(ours, opts(ours))).toEqual(h.lookupTellsUrl ? { state: 'registered', url: form(url) } : { state: 'registered' });
    });
  });
}
