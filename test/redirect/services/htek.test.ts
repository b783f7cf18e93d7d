import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { htekService } from '../../../src/redirect/services/htek.js';
import type { RedirectService } from '../../../src/redirect/types.js';
import { serverNameFor } from '../../../src/redirect/yealink-family.js';
import { startHtekMock } from '../mocks/yealink-family.js';
import type { RedirectMock } from '../mocks/xmlrpc-service.js';
import { CREDENTIALS, describeRedirectClient, MAC, rejection, URL_1 } from '../support/client-contract.js';

const folderWithoutSlash = (url: string) => url.replace(/\/+$/, '');

describeRedirectClient({
  definition: htekService,
  startMock: startHtekMock,
  // Htek RPS answers the phone with a 302 to <server URL>/cfg<mac>.
  heldForm: folderWithoutSlash,
  lookupTellsUrl: false,
  refusedUrl: 'gopher://prov.example.com/p/AbC123/',
});

describe('htek client', () => {
  let mock: RedirectMock;
  let client: RedirectService;
  beforeEach(async () => {
    mock = await startHtekMock(CREDENTIALS);
    client = htekService.create({ url: mock.url, ...CREDENTIALS });
  });
  afterEach(() => mock.close());

  it('adds a server named after the URL (<= 20 chars of A-Za-z0-9._ -) and binds the MAC12 to it', async () => {
    await client.register(MAC, URL_1);

    const name = serverNameFor(folderWithoutSlash(URL_1));
    expect(name).toMatch(/^[A-Za-z0-9._ -]{1,20}$/);
    expect(mock.calls).toEqual([
      { method: 'redirect.addServer', params: [name, 'https://prov.example.com/p/AbC123'] },
      { method: 'redirect.registerDevice', params: ['001565a1b2c3', name] },
    ]);
  });

  it('reuses a server that already exists for the URL (a second phone in the same folder)', async () => {
    const second = '001565a1b2c4' as typeof MAC;
    await client.register(MAC, URL_1);

    await client.register(second, URL_1);

    expect(mock.held(second)).toBe(folderWithoutSlash(URL_1));
  });

  it("takes another account's MAC over only with the override option (isOverride \"1\")", async () => {
    mock.ownByOther(MAC);

    const err = await rejection(client.register(MAC, URL_1));
    await client.register(MAC, URL_1, { override: true });

    expect(err.message).toContain('Are you sure you want to override MAC addresses');
    expect(mock.calls.at(-1)?.params).toEqual(['001565a1b2c3', serverNameFor(folderWithoutSlash(URL_1)), '1']);
    expect(mock.held(MAC)).toBe(folderWithoutSlash(URL_1));
  });
});
