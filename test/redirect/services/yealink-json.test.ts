import { afterEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import { yealinkJson } from '../../../src/redirect/services/yealink-json.js';
import { yealinkRefusalKind } from '../../../src/redirect/yealink-json/refusals.js';
import { startYealinkMock, type YealinkMock } from '../mocks/yealink-json.js';
import { runRedirectServiceSuite, type SuiteWorld } from './service-suite.js';

const GOOD = { accessKeyId: '2df23f2d9c255e7138dc603b3847b58a', accessKeySecret: 'd4a4be460a8d43609d8e8a5e7d0d4ad1' };
const SPECIAL = { accessKeyId: 'special-key', accessKeySecret: `s&<>"'cret` };
const OURS = '001565a1b2c3' as Mac;
const FOREIGN = '001565ffee01' as Mac;

async function start(): Promise<SuiteWorld & { mock: YealinkMock }> {
  const mock = await startYealinkMock({ keys: { [GOOD.accessKeyId]: GOOD.accessKeySecret, [SPECIAL.accessKeyId]: SPECIAL.accessKeySecret }, foreign: [FOREIGN] });
  const heldFor = (owner: string, mac: Mac) => {
    const device = mock.device(mac);
    return device?.owner === owner ? device.uniqueServerUrl : undefined;
  };
  return {
    mock,
    client: (account = {}, options) => yealinkJson.create({ url: mock.url, ...GOOD, ...account }, options),
    held: (mac) => heldFor(GOOD.accessKeyId, mac),
    macs: { ours: OURS, foreign: FOREIGN, invalid: '000413a1b2c3' as Mac },
    special: SPECIAL,
    secrets: [GOOD.accessKeySecret, SPECIAL.accessKeySecret],
  };
}

runRedirectServiceSuite({
  name: 'yealink-json',
  start,
  heldBySpecial: (world, mac) => {
    const device = (world.mock as YealinkMock).device(mac);
    return device?.owner === SPECIAL.accessKeyId ? device.uniqueServerUrl : undefined;
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
    expect(world.mock.servers[0]).toMatchObject({ url: 'https://prov.example.com/', owner: GOOD.accessKeyId });
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
