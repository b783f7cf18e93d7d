/**
 * End to end (issue 10 §4): a real server process on SQLite whose Yealink account points at a
 * mock of the legacy XML-RPC service. `rps: true` on create registers the URL the API shows;
 * rotating the user's folder registers the new one; destroying the phone unregisters it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../helpers/server-process.js';
import type { FamilyMock } from './mocks/yealink-family.js';
import { adminOf, bindsOf, createRpsPhone, heldBy, phoneWithStatus, seedRps, serverSetup, startRpsMock, startServer, type Admin } from './support/rps-e2e.js';

const MAC = '001565e2e001';

describe('RPS life cycle through the API (one server on SQLite)', () => {
  let mock: FamilyMock;
  let server: ServerProcess;
  let admin: Admin;
  let userId: string;
  let remove: () => void;

  beforeAll(async () => {
    mock = await startRpsMock();
    const setup = await serverSetup();
    remove = setup.remove;
    server = await startServer(setup.env);
    admin = adminOf(setup.apiPort);
    userId = await seedRps(admin, mock);
  });
  afterAll(async () => {
    server?.kill();
    await mock?.close();
    remove?.();
  });

  it('registers a phone created with rps: true with the URL GET /api/phones/{mac} shows, and shows registered', async () => {
    const created = await createRpsPhone(admin, userId, MAC);

    const phone = await phoneWithStatus(admin, MAC, 'registered');

    expect(mock.held(MAC)).toBe(phone.url);
    expect(created.url).toBe(phone.url);
    expect(phone.rps_message).toBe('');
    expect(bindsOf(mock, MAC)).toEqual([phone.url]);
  });

  it('registers the new URL when the user\'s folder is rotated', async () => {
    const before = (await admin('GET', `/phones/${MAC}`)).json.url as string;

    expect((await admin('POST', `/users/${userId}/provision_token`)).status).toBe(200);
    const after = (await admin('GET', `/phones/${MAC}`)).json.url as string;
    await heldBy(mock, MAC, after);

    expect(after).not.toBe(before);
    expect(bindsOf(mock, MAC)).toEqual([before, after]);
    await phoneWithStatus(admin, MAC, 'registered');
  });

  it('unregisters the phone when it is destroyed', async () => {
    const phone = (await admin('GET', `/phones/${MAC}`)).json;

    expect((await admin('DELETE', `/users/${userId}/phones/${phone.id as string}`)).status).toBe(204);
    await heldBy(mock, MAC, undefined);

    expect(mock.calls.at(-1)).toMatchObject({ method: 'redirect.deRegisterDevice' });
    expect(server.output()).not.toContain(String(phone.url));
  });
});
