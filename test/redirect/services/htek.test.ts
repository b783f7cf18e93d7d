import { describe, expect, it } from 'vitest';
import { htekService } from '../../../src/redirect/services/htek.js';
import { serverNameFor } from '../../../src/redirect/yealink-family.js';
import { startHtekMock } from '../mocks/yealink-family.js';
import { rejection, URL_1 } from '../support/client-harness.js';
import { MAC, runXmlRpcTests, useClient } from './xmlrpc-family.js';

const folderWithoutSlash = (url: string) => url.replace(/\/+$/, '');

runXmlRpcTests({
  definition: htekService,
  startMock: startHtekMock,
  overrideTakesOver: true,
  // Htek RPS answers the phone with a 302 to <server URL>/cfg<mac>.
  heldForm: folderWithoutSlash,
});

describe('htek client', () => {
  const t = useClient(htekService, startHtekMock);

  it('adds a server named after the URL (<= 20 chars of A-Za-z0-9._ -) and binds the MAC12 to it', async () => {
    await t.client.register(MAC, URL_1);

    const name = serverNameFor(folderWithoutSlash(URL_1));
    expect(name).toMatch(/^[A-Za-z0-9._ -]{1,20}$/);
    expect(t.mock.calls).toEqual([
      { method: 'redirect.addServer', params: [name, 'https://prov.example.com/p/AbC123'] },
      { method: 'redirect.registerDevice', params: ['001565a1b2c3', name] },
    ]);
  });

  it('reuses a server that already exists for the URL (a second phone in the same folder)', async () => {
    const second = '001565a1b2c4' as typeof MAC;
    await t.client.register(MAC, URL_1);

    await t.client.register(second, URL_1);

    expect(t.mock.held(second)).toBe(folderWithoutSlash(URL_1));
  });

  it("takes another account's MAC over only with the override option (isOverride \"1\")", async () => {
    t.mock.ownByOther(MAC);

    const err = await rejection(t.client.register(MAC, URL_1));
    await t.client.register(MAC, URL_1, { override: true });

    expect(err.message).toContain('Are you sure you want to override MAC addresses');
    expect(t.mock.calls.at(-1)?.params).toEqual(['001565a1b2c3', serverNameFor(folderWithoutSlash(URL_1)), '1']);
    expect(t.mock.held(MAC)).toBe(folderWithoutSlash(URL_1));
  });
});
