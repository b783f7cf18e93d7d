import { describe, expect, it } from 'vitest';
import { yealinkXmlRpcService } from '../../../src/redirect/services/yealink-xmlrpc.js';
import { startYealinkXmlRpcMock } from '../mocks/yealink-family.js';
import { rejection, URL_1 } from '../support/client-harness.js';
import { MAC, runXmlRpcTests, useClient } from './xmlrpc-family.js';

runXmlRpcTests({
  definition: yealinkXmlRpcService,
  startMock: startYealinkXmlRpcMock,
  overrideTakesOver: true,
});

describe('yealink-xmlrpc client', () => {
  const t = useClient(yealinkXmlRpcService, startYealinkXmlRpcMock);

  it('sets the per-device URL with registerDeviceWithUniqueUrl(MAC12 upper, "provd", url, "0")', async () => {
    await t.client.register(MAC, URL_1);

    expect(t.mock.calls[0]).toEqual({ method: 'redirect.registerDeviceWithUniqueUrl', params: ['001565A1B2C3', 'provd', URL_1, '0'] });
  });

  it('frees its own MAC and registers again when the service answers "Existing MAC(s)"', async () => {
    await t.client.register(MAC, URL_1);
    t.mock.calls.length = 0;

    await t.client.register(MAC, 'https://prov.example.com/p/New/');

    expect(t.mock.calls.map((c) => c.method)).toEqual(['redirect.registerDeviceWithUniqueUrl', 'redirect.deRegisterDevice', 'redirect.registerDeviceWithUniqueUrl']);
  });

  it("takes another account's MAC over only with the override option (flag \"1\")", async () => {
    t.mock.ownByOther(MAC);

    const err = await rejection(t.client.register(MAC, URL_1));
    await t.client.register(MAC, URL_1, { override: true });

    expect(err.kind).toBe('owned_by_other');
    expect(err.message).toContain('Error:9f3ab2c41d');
    expect(t.mock.calls.at(-1)?.params[3]).toBe('1');
    expect(t.mock.held(MAC)).toBe(URL_1);
  });

  it("answers owned_by_other when unregistering another account's MAC (checkDevice: registered elsewhere)", async () => {
    t.mock.ownByOther(MAC);

    expect((await rejection(t.client.unregister(MAC))).kind).toBe('owned_by_other');
  });

  it('defaults to the public endpoint on port 8443', () => {
    expect(yealinkXmlRpcService.defaultUrl).toBe('https://api-dm.yealink.com:8443/xmlrpc');
  });
});
