import { describe, expect, it } from 'vitest';
import { akuvoxService } from '../../../src/redirect/services/akuvox.js';
import { serverNameFor } from '../../../src/redirect/yealink-family.js';
import { startAkuvoxMock } from '../mocks/yealink-family.js';
import { URL_1 } from '../support/client-harness.js';
import { MAC, runXmlRpcTests, useClient } from './xmlrpc-family.js';

runXmlRpcTests({
  definition: akuvoxService,
  startMock: startAkuvoxMock,
  // Htek's clone: registerDevice takes another account's MAC with isOverride "1".
  overrideTakesOver: true,
  // The service holds the folder URL as given, slash kept: the device fetches <url><MAC>.cfg.
});

describe('akuvox client', () => {
  const t = useClient(akuvoxService, startAkuvoxMock);

  it('adds a server for the folder URL (slash kept) and binds the MAC12 upper to it', async () => {
    await t.client.register(MAC, URL_1);

    const name = serverNameFor(URL_1);
    expect(t.mock.calls).toEqual([
      { method: 'redirect.addServer', params: [name, URL_1] },
      { method: 'redirect.registerDevice', params: ['001565A1B2C3', name] },
    ]);
  });

  it('defaults to the documented plain-http endpoint', () => {
    expect(akuvoxService.defaultUrl).toBe('http://58.96.188.87/fcgi/do?id=1');
  });
});
