/**
 * @module The tests of a legacy XML-RPC redirect service (Yealink, Htek, Akuvox, Fanvil FDPS, Snom,
 * Gigaset): the shared client contract over the service's mock (test/redirect/mocks/*), then what
 * the family owes of its own (every call a well-formed methodCall sent as text/xml, which the mock
 * reads with its own parser). `useClient` gives each service's file a fresh mock and client for
 * its specifics.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import type { RedirectService, RedirectServiceDefinition } from '../../../src/redirect/types.js';
import { REFUSED_MAC, type Credentials, type RedirectMock } from '../mocks/xmlrpc-service.js';
import { describeRedirectClient } from '../support/client-contract.js';
import { TEST_ACCOUNTS, URL_1, type RedirectHarness } from '../support/client-harness.js';

/** The MAC the services' own tests use (a Yealink OUI; the mocks take any valid MAC12). */
export const MAC = '001565a1b2c3' as Mac;
/** The test account as the XML-RPC mocks know it. */
export const CREDENTIALS: Credentials = TEST_ACCOUNTS.username_password;

export interface XmlRpcCase extends Partial<Omit<RedirectHarness, 'definition' | 'start'>> {
  readonly definition: RedirectServiceDefinition;
  readonly startMock: (credentials: Credentials) => Promise<RedirectMock>;
}

/** The contract and the family's checks for one XML-RPC service. */
export function runXmlRpcTests(c: XmlRpcCase): void {
  const macs = c.macs ?? { ours: MAC, foreign: '001565a1b2c4' as Mac, invalid: REFUSED_MAC as Mac };
  describeRedirectClient({
    lookupTellsUrl: false,
    overrideTakesOver: false,
    signsWithClock: false,
    ...c,
    macs,
    start: async () => {
      const mock = await c.startMock(CREDENTIALS);
      mock.ownByOther(macs.foreign);
      return { service: mock.service, held: (mac) => mock.held(mac), verify: () => expect(mock.badBodies).toEqual([]) };
    },
  });

  describe(`${c.definition.id} client (XML-RPC family)`, () => {
    const t = useClient(c.definition, c.startMock);
    const opts = (mac: Mac) => c.phone?.(mac);

    it('sends every call as a well-formed XML-RPC methodCall, text/xml', async () => {
      await t.client.register(macs.ours, URL_1, opts(macs.ours));
      await t.client.lookup(macs.ours, opts(macs.ours));
      await t.client.unregister(macs.ours, opts(macs.ours));
      await t.client.check();

      expect(t.mock.calls.length).toBe(t.mock.service.requests.length);
      expect(t.mock.service.requests.every((r) => r.headers['content-type'] === 'text/xml')).toBe(true);
    });
  });
}

/** A fresh mock and a client of `definition` on it for each test (the mock must read every body). */
export function useClient<M extends RedirectMock>(definition: RedirectServiceDefinition, startMock: (credentials: Credentials) => Promise<M>) {
  const ctx = { mock: undefined as unknown as M, client: undefined as unknown as RedirectService };
  beforeEach(async () => {
    ctx.mock = await startMock(CREDENTIALS);
    ctx.client = definition.create({ url: ctx.mock.url, ...CREDENTIALS });
  });
  afterEach(async () => {
    expect(ctx.mock.badBodies).toEqual([]);
    await ctx.mock.close();
  });
  return ctx;
}
