import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snomXmlRpcService } from '../../../src/redirect/services/snom-xmlrpc.js';
import type { RedirectService } from '../../../src/redirect/types.js';
import { startSnomXmlRpcMock } from '../mocks/snom-xmlrpc.js';
import type { RedirectMock } from '../mocks/xmlrpc-service.js';
import { CREDENTIALS, describeRedirectClient, MAC, rejection, URL_1, URL_2 } from '../support/client-contract.js';

describeRedirectClient({
  definition: snomXmlRpcService,
  startMock: startSnomXmlRpcMock,
  lookupTellsUrl: true,
  refusedUrl: 'gopher://prov.example.com/p/AbC123/',
});

describe('snom-xmlrpc client', () => {
  let mock: RedirectMock;
  let client: RedirectService;
  beforeEach(async () => {
    mock = await startSnomXmlRpcMock(CREDENTIALS);
    client = snomXmlRpcService.create({ url: mock.url, ...CREDENTIALS });
  });
  afterEach(() => mock.close());

  it('registers with registerPhone(MAC12 upper, url) and re-registers by calling it again', async () => {
    await client.register(MAC, URL_1);
    await client.register(MAC, URL_2);

    expect(mock.calls).toEqual([
      { method: 'redirect.registerPhone', params: ['001565A1B2C3', URL_1] },
      { method: 'redirect.registerPhone', params: ['001565A1B2C3', URL_2] },
    ]);
  });

  it('reads the URL from the third value of getPhoneRedirection after checkPhone', async () => {
    await client.register(MAC, URL_2);
    mock.calls.length = 0;

    const found = await client.lookup(MAC);

    expect(found).toEqual({ state: 'registered', url: URL_2 });
    expect(mock.calls.map((c) => c.method)).toEqual(['redirect.checkPhone', 'redirect.getPhoneRedirection']);
  });

  it("answers owned_by_other when unregistering another account's MAC", async () => {
    mock.ownByOther(MAC);

    const err = await rejection(client.unregister(MAC));

    expect(err.kind).toBe('owned_by_other');
    expect(err.message).toBe('redirect.deregisterPhone: Error:owned_by_other_user');
  });

  it('checks the credentials with network.echo', async () => {
    await client.check();

    expect(mock.calls).toEqual([{ method: 'network.echo', params: ['ping'] }]);
  });

  it('keeps the endpoint trailing slash Snom requires', () => {
    expect(snomXmlRpcService.defaultUrl).toBe('https://secure-provisioning.snom.com:8083/xmlrpc/');
  });
});
