/**
 * @module The tests of a Hawk REST service (SRAPS, GRAPE): the shared client contract over the
 * family's mock, then what the family does of its own (discovery once, paging, the documented PUT,
 * links to another host not followed). snom-sraps.test.ts and gigaset-grape.test.ts run it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import type { RedirectAccount, RedirectService, RedirectServiceDefinition } from '../../../src/redirect/types.js';
import { startHawkRestMock, type HawkRestMock, type HawkRestMockOptions } from '../mocks/hawk-rest.js';
import { startMockService, type MockService } from '../support/mock-http.js';
import { describeRedirectClient } from '../support/client-contract.js';
import { expectKind, TEST_ACCOUNTS } from '../support/client-harness.js';

export interface HawkRestCase {
  readonly definition: RedirectServiceDefinition;
  readonly settingName: string;
  /** A MAC of the vendor (its OUI), one held by another company, one of another vendor. */
  readonly macs: { readonly ours: Mac; readonly foreign: Mac; readonly invalid: Mac };
  readonly ouis: readonly string[];
}

const ACCOUNT = TEST_ACCOUNTS.access_key;
const URL_A = 'https://prov.example.com/p/AbC123/';

export function runHawkRestTests(c: HawkRestCase): void {
  const start = async (extra: Partial<HawkRestMockOptions> = {}): Promise<HawkRestWorld> => {
    const mock = await startHawkRestMock({ keys: { [ACCOUNT.accessKeyId]: ACCOUNT.accessKeySecret }, settingName: c.settingName, ouis: c.ouis, foreign: [c.macs.foreign], ...extra });
    return {
      mock,
      client: (account = {}) => c.definition.create({ url: `${mock.url}/api/v1/`, ...ACCOUNT, ...account }),
    };
  };

  describeRedirectClient({
    definition: c.definition,
    macs: c.macs,
    lookupTellsUrl: true,
    overrideTakesOver: false,
    signsWithClock: true,
    start: async () => {
      const { mock } = await start();
      return { service: mock, url: `${mock.url}/api/v1/`, held: (mac) => heldBy(mock, mac) };
    },
  });

  describe(`${c.definition.id} specifics`, () => {
    const closing: MockService[] = [];
    afterEach(async () => {
      await Promise.all(closing.splice(0).map((m) => m.close()));
    });

    it(`PUTs the endpoint with the MAC and the URL in the ${c.settingName} setting, found on the second settings page`, async () => {
      const world = await start();
      closing.push(world.mock);
      await world.client().register(c.macs.ours, URL_A);
      const put = world.mock.requests.find((r) => r.method === 'PUT')!;
      expect(put.path).toBe(`/api/v1/companies/${world.mock.companyOf(ACCOUNT.accessKeyId)}/endpoints/${c.macs.ours}`);
      expect(JSON.parse(put.body)).toEqual({ mac: c.macs.ours, autoprovisioning_enabled: true, settings_manager: { 'b5b0c6a2-5c1e-4c5e-9d3f-0a1b2c3d4e5f': { value: URL_A, attrs: { perm: 'RW' } } } });
      expect(world.mock.requests.filter((r) => r.path.startsWith('/api/v1/settings/')).map((r) => new URL(r.path, 'http://x').searchParams.get('page'))).toEqual([null, '2']);
    });

    it('discovers the endpoints and the setting once per client', async () => {
      const world = await start();
      closing.push(world.mock);
      const client = world.client();
      await client.register(c.macs.ours, URL_A);
      await client.register(c.macs.ours, 'https://prov.example.com/p/new/');
      await client.lookup(c.macs.ours);
      const tokens = world.mock.requests.filter((r) => r.path.startsWith('/api/v1/tokens/'));
      expect(tokens).toHaveLength(1);
    });

    it('does not follow a link to another host: no signed request leaves for it', async () => {
      const elsewhere = await startMockService(() => ({ status: 200, body: '{}' }));
      const world = await start({ companyLink: () => `${elsewhere.url}/api/v1/companies/x/` });
      closing.push(world.mock, elsewhere);
      const err = await expectKind(world.client().register(c.macs.ours, URL_A), 'unknown');
      expect(err.message).toMatch(/another host/);
      expect(elsewhere.requests).toHaveLength(0);
    });

    it('answers auth_failed for an access key id the service does not know', async () => {
      const world = await start();
      closing.push(world.mock);
      await expectKind(world.client({ accessKeyId: 'unknown-id' }).check(), 'auth_failed');
    });

    it('refuses to make a client without an access key', () => {
      expect(() => c.definition.create({ accessKeyId: 'x' })).toThrow(/access key/);
    });
  });
}

interface HawkRestWorld {
  readonly mock: HawkRestMock;
  client(account?: Partial<RedirectAccount>): RedirectService;
}

/** The URL the test account's company holds for `mac`. */
function heldBy(mock: HawkRestMock, mac: Mac): string | undefined {
  const endpoint = mock.endpoint(mac);
  return endpoint?.company === mock.companyOf(ACCOUNT.accessKeyId) ? endpoint.url : undefined;
}
