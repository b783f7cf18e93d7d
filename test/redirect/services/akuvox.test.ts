import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { akuvoxService } from '../../../src/redirect/services/akuvox.js';
import type { RedirectService } from '../../../src/redirect/types.js';
import { serverNameFor } from '../../../src/redirect/yealink-family.js';
import { startAkuvoxMock } from '../mocks/yealink-family.js';
import type { RedirectMock } from '../mocks/xmlrpc-service.js';
import { CREDENTIALS, describeRedirectClient, MAC, URL_1 } from '../support/client-contract.js';

describeRedirectClient({
  definition: akuvoxService,
  startMock: startAkuvoxMock,
  // The device fetches <url><MAC>.cfg: the folder URL, slash kept.
  lookupTellsUrl: false,
  refusedUrl: 'gopher://prov.example.com/p/AbC123/',
});

describe('akuvox client', () => {
  let mock: RedirectMock;
  let client: RedirectService;
  beforeEach(async () => {
    mock = await startAkuvoxMock(CREDENTIALS);
    client = akuvoxService.create({ url: mock.url, ...CREDENTIALS });
  });
  afterEach(() => mock.close());

  it('adds a server for the folder URL (slash kept) and binds the MAC12 upper to it', async () => {
    await client.register(MAC, URL_1);

    const name = serverNameFor(URL_1);
    expect(mock.calls).toEqual([
      { method: 'redirect.addServer', params: [name, URL_1] },
      { method: 'redirect.registerDevice', params: ['001565A1B2C3', name] },
    ]);
  });

  it('defaults to the documented plain-http endpoint', () => {
    expect(akuvoxService.defaultUrl).toBe('http://58.96.188.87/fcgi/do?id=1');
  });
});
