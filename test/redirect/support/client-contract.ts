/**
 * @module The behaviour every redirect client owes (src/redirect/types.ts), run by each service's
 * test against its mock: register / re-register / unregister / lookup, another account's MAC,
 * refused credentials, 5xx, a hung connection, a malformed reply, the vendor's invalid-MAC and
 * invalid-URL texts, check(), values with XML metacharacters reaching the service intact, and
 * request bodies the mock reads as well-formed XML-RPC. Issue 10 §4.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import { RedirectError, type PhoneOptions, type RedirectService, type RedirectServiceDefinition } from '../../../src/redirect/types.js';
import { REFUSED_MAC, type Credentials, type RedirectMock } from '../mocks/xmlrpc-service.js';

export interface ContractSubject {
  readonly definition: RedirectServiceDefinition;
  readonly startMock: (credentials: Credentials) => Promise<RedirectMock>;
  /** The URL the service holds once `url` is registered (the vendor's form of the folder URL). */
  readonly heldForm?: (url: string) => string;
  /** Whether lookup() tells the registered URL (default no). */
  readonly lookupTellsUrl?: boolean;
  /** A URL the service itself refuses with its invalid-URL text (default a gopher:// URL). */
  readonly refusedUrl?: string;
  /** What the service needs besides the MAC on every call (Gigaset's MAC-ID code). */
  readonly phone?: (mac: Mac) => PhoneOptions;
}

/** XML metacharacters in both: they must reach the service as typed. */
export const CREDENTIALS: Credentials = { username: 'acme-rps', password: `pa&ss<w>"o'rd` };
export const MAC = '001565a1b2c3' as Mac;
export const URL_1 = 'https://prov.example.com/p/AbC123/';
export const URL_2 = 'https://prov.example.com/p/XyZ789/';

export async function rejection(promise: Promise<unknown>): Promise<RedirectError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(RedirectError);
  return err as RedirectError;
}

/** A fresh mock and a client of `definition` on it for each test (the mock must read every body). */
export function useClient<M extends RedirectMock>(definition: RedirectServiceDefinition, startMock: (credentials: Credentials) => Promise<M>) {
  const ctx = {
    mock: undefined as unknown as M,
    client: undefined as unknown as RedirectService,
    /** Another client on the same mock: other password, short timeout. */
    clientWith: (extra: { password?: string; timeoutMs?: number } = {}) =>
      definition.create({ url: ctx.mock.url, ...CREDENTIALS, ...(extra.password ? { password: extra.password } : {}) }, { timeoutMs: extra.timeoutMs }),
  };
  beforeEach(async () => {
    ctx.mock = await startMock(CREDENTIALS);
    ctx.client = ctx.clientWith();
  });
  afterEach(async () => {
    expect(ctx.mock.badBodies).toEqual([]);
    await ctx.mock.close();
  });
  return ctx;
}

export function describeRedirectClient(subject: ContractSubject): void {
  const form = subject.heldForm ?? ((url: string) => url);
  const opts = (mac: Mac) => subject.phone?.(mac);
  const tellsUrl = subject.lookupTellsUrl === true;

  describe(`${subject.definition.id} client (redirect contract)`, () => {
    const t = useClient(subject.definition, subject.startMock);

    it('registers the URL: the service then holds it', async () => {
      await t.client.register(MAC, URL_1, opts(MAC));

      expect(t.mock.held(MAC)).toBe(form(URL_1));
    });

    it('re-registers with a new URL: the service then holds the new one', async () => {
      await t.client.register(MAC, URL_1, opts(MAC));

      await t.client.register(MAC, URL_2, opts(MAC));

      expect(t.mock.held(MAC)).toBe(form(URL_2));
    });

    it('unregisters, and unregistering a MAC the service does not hold succeeds', async () => {
      await t.client.register(MAC, URL_1, opts(MAC));

      await t.client.unregister(MAC, opts(MAC));
      await t.client.unregister(MAC, opts(MAC));

      expect(t.mock.held(MAC)).toBeUndefined();
    });

    it(`looks up a registered MAC (${tellsUrl ? 'with' : 'without'} its URL), an absent one and another account's`, async () => {
      const other = '001565a1b2c4' as Mac;
      t.mock.ownByOther(other);
      await t.client.register(MAC, URL_1, opts(MAC));

      const registered = await t.client.lookup(MAC, opts(MAC));
      await t.client.unregister(MAC, opts(MAC));

      expect(registered).toEqual(tellsUrl ? { state: 'registered', url: form(URL_1) } : { state: 'registered' });
      expect(await t.client.lookup(MAC, opts(MAC))).toEqual({ state: 'absent' });
      expect(await t.client.lookup(other, opts(other))).toEqual({ state: 'owned_by_other' });
    });

    it("refuses another account's MAC as owned_by_other and leaves it to that account", async () => {
      t.mock.ownByOther(MAC);

      const err = await rejection(t.client.register(MAC, URL_1, opts(MAC)));

      expect(err.kind).toBe('owned_by_other');
      expect(t.mock.held(MAC)).toBeUndefined();
    });

    it('answers auth_failed for refused credentials, on a call and on check(), never naming the password', async () => {
      const wrong = t.clientWith({ password: 'wr0ng&<pw>' });

      const onCall = await rejection(wrong.register(MAC, URL_1, opts(MAC)));
      const onCheck = await rejection(wrong.check());

      expect([onCall.kind, onCheck.kind]).toEqual(['auth_failed', 'auth_failed']);
      for (const err of [onCall, onCheck]) expect(err.message).not.toMatch(/wr0ng|pa&ss/);
      expect(t.mock.held(MAC)).toBeUndefined();
    });

    it('check() resolves with working credentials', async () => {
      await expect(t.client.check()).resolves.toBeUndefined();
    });

    it('answers unavailable for a 5xx, and the next call succeeds', async () => {
      t.mock.service.faults.status(1, 503);

      const err = await rejection(t.client.register(MAC, URL_1, opts(MAC)));
      await t.client.register(MAC, URL_1, opts(MAC));

      expect(err.kind).toBe('unavailable');
      expect(t.mock.held(MAC)).toBe(form(URL_1));
    });

    it('answers unavailable when the service never answers (the client timeout fires)', async () => {
      t.mock.service.faults.hang(1);

      const err = await rejection(t.clientWith({ timeoutMs: 300 }).register(MAC, URL_1, opts(MAC)));

      expect(err.kind).toBe('unavailable');
    });

    it('answers unknown for a malformed reply', async () => {
      t.mock.service.faults.malformed(1);

      expect((await rejection(t.client.register(MAC, URL_1, opts(MAC)))).kind).toBe('unknown');
    });

    it("maps the service's invalid-MAC text to invalid_mac", async () => {
      const refused = REFUSED_MAC as Mac;

      expect((await rejection(t.client.register(refused, URL_1, opts(refused)))).kind).toBe('invalid_mac');
    });

    it("maps the service's invalid-URL text to invalid_url", async () => {
      expect((await rejection(t.client.register(MAC, subject.refusedUrl ?? 'gopher://prov.example.com/p/AbC123/', opts(MAC)))).kind).toBe('invalid_url');
      expect(t.mock.held(MAC)).toBeUndefined();
    });

    it(`sends &<>"' in a URL and in the password intact`, async () => {
      const url = `https://prov.example.com/p/a&b<c>"d'e/`;

      await t.client.register(MAC, url, opts(MAC));

      expect(t.mock.held(MAC)).toBe(form(url));
    });

    it('sends every call as a well-formed XML-RPC methodCall, text/xml', async () => {
      await t.client.register(MAC, URL_1, opts(MAC));
      await t.client.lookup(MAC, opts(MAC));
      await t.client.unregister(MAC, opts(MAC));
      await t.client.check();

      expect(t.mock.calls.length).toBe(t.mock.service.requests.length);
      expect(t.mock.service.requests.every((r) => r.headers['content-type'] === 'text/xml')).toBe(true);
    });
  });
}
