import { describe, expect, it } from 'vitest';
import { snomXmlRpcService } from '../../../src/redirect/services/snom-xmlrpc.js';
import { startSnomXmlRpcMock } from '../mocks/snom-xmlrpc.js';
import { rejection, URL_1, URL_2 } from '../support/client-harness.js';
import { MAC, runXmlRpcTests, useClient } from './xmlrpc-family.js';

runXmlRpcTests({
  definition: snomXmlRpcService,
  startMock: startSnomXmlRpcMock,
  lookupTellsUrl: true,
});

describe('snom-xmlrpc client', () => {
  const t = useClient(snomXmlRpcService, startSnomXmlRpcMock);

  it('registers with registerPhone(MAC12 upper, url) and re-registers by calling it again', async () => {
    await t.client.register(MAC, URL_1);
    await t.client.register(MAC, URL_2);

    expect(t.mock.calls).toEqual([
      { method: 'redirect.registerPhone', params: ['001565A1B2C3', URL_1] },
      { method: 'redirect.registerPhone', params: ['001565A1B2C3', URL_2] },
    ]);
  });

  it('reads the URL from the third value of getPhoneRedirection after checkPhone', async () => {
    await t.client.register(MAC, URL_2);
    t.mock.calls.length = 0;

    const found = await t.client.lookup(MAC);

    expect(found).toEqual({ state: 'registered', url: URL_2 });
    expect(t.mock.calls.map((c) => c.method)).toEqual(['redirect.checkPhone', 'redirect.getPhoneRedirection']);
  });

  it("answers owned_by_other when unregistering another account's MAC", async () => {
    t.mock.ownByOther(MAC);

    const err = await rejection(t.client.unregister(MAC));

    expect(err.kind).toBe('owned_by_other');
    expect(err.message).toBe('redirect.deregisterPhone: Error:owned_by_other_user');
  });

  it('checks the credentials with network.echo', async () => {
    await t.client.check();

    expect(t.mock.calls).toEqual([{ method: 'network.echo', params: ['ping'] }]);
  });

  it('keeps the endpoint trailing slash Snom requires', () => {
    expect(snomXmlRpcService.defaultUrl).toBe('https://secure-provisioning.snom.com:8083/xmlrpc/');
  });
});
