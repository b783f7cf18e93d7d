import { afterEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import { yealinkJson } from '../../../src/redirect/services/yealink-json.js';
import type { RedirectService } from '../../../src/redirect/types.js';
import { yealinkRefusalKind } from '../../../src/redirect/yealink-json/refusals.js';
import { startYealinkMock, type YealinkMock } from '../mocks/yealink-json.js';
import { describeRedirectClient } from '../support/client-contract.js';
import { TEST_ACCOUNTS } from '../support/client-harness.js';

const ACCOUNT = TEST_ACCOUNTS.access_key;
const OURS = '001565a1b2c3' as Mac;
const FOREIGN = '001565ffee01' as Mac;

/** A mock knowing the test account (its own enterprise), FOREIGN held by another, and a client of the account on it. */
async function start(): Promise<{ mock: YealinkMock; client(): RedirectService }> {
  const mock = await startYealinkMock({ keys: { [ACCOUNT.accessKeyId]: ACCOUNT.accessKeySecret }, foreign: [FOREIGN] });
  return { mock, client: () => yealinkJson.create({ url: mock.url, ...ACCOUNT }) };
}

describeRedirectClient({
  definition: yealinkJson,
  macs: { ours: OURS, foreign: FOREIGN, invalid: '000413a1b2c3' as Mac },
  lookupTellsUrl: true,
  overrideTakesOver: false,
  signsWithClock: true,
  start: async () => {
    const { mock } = await start();
    return {
      service: mock,
      held: (mac) => {
        const device = mock.device(mac);
        return device?.owner === ACCOUNT.accessKeyId ? device.uniqueServerUrl : undefined;
      },
    };
  },
});

describe('yealink-json specifics', () => {
  let world: Awaited<ReturnType<typeof start>> | undefined;
  afterEach(() => world?.mock.close());

  it('is the yealink access-key service on api-dm.yealink.com:8443 by default', () => {
    expect(yealinkJson).toMatchObject({ id: 'yealink-json', vendor: 'yealink', credentials: 'access_key', defaultUrl: 'https://api-dm.yealink.com:8443' });
  });

  it('adds the device with macs, its server entry and the phone URL as uniqueServerUrl, in signed compact JSON', async () => {
    world = await start();
    await world.client().register(OURS, 'https://prov.example.com/p/a/');
    const add = world.mock.requests.find((r) => r.path === '/api/open/v1/device/add');
    expect(JSON.parse(add!.body)).toEqual({ macs: [OURS], serverId: world.mock.servers[0]!.id, uniqueServerUrl: 'https://prov.example.com/p/a/' });
    expect(add!.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(add!.headers['content-md5']).toBeTruthy();
  });

  it('creates one server entry per account and finds it again from a new client', async () => {
    world = await start();
    await world.client().register(OURS, 'https://prov.example.com/p/a/');
    await world.client().register('001565a1b2c4' as Mac, 'https://prov.example.com/p/b/');
    expect(world.mock.servers).toHaveLength(1);
    expect(world.mock.servers[0]).toMatchObject({ url: 'https://prov.example.com/', owner: ACCOUNT.accessKeyId });
    expect(world.mock.servers[0]!.serverName.length).toBeLessThanOrEqual(20);
  });

  it('edits the device found by exact MAC when the account already holds it', async () => {
    world = await start();
    const client = world.client();
    await client.register(OURS, 'https://prov.example.com/p/a/');
    await client.register(OURS, 'https://prov.example.com/p/b/');
    const edit = world.mock.requests.find((r) => r.path === '/api/open/v1/device/edit');
    expect(JSON.parse(edit!.body)).toMatchObject({ id: world.mock.device(OURS)!.id, uniqueServerUrl: 'https://prov.example.com/p/b/' });
  });

  it('refuses to make a client without an access key', () => {
    expect(() => yealinkJson.create({ accessKeyId: 'x' })).toThrow(/access key/);
  });
});

describe('yealinkRefusalKind', () => {
  it.each([
    [['device.mac.added.by.other'], 'owned_by_other'],
    [['device.operate.forbidden'], 'owned_by_other'],
    [['auth.signature.invalid'], 'auth_failed'],
    [['param.invalid', 'uniqueServerUrl: url.format.error'], 'invalid_url'],
    [['device.mac.invalid', 'macs: mac.format.error'], 'invalid_mac'],
    [['system.busy'], 'unknown'],
  ] as const)('maps %j to %s', (words, kind) => {
    expect(yealinkRefusalKind(words)).toBe(kind);
  });
});
