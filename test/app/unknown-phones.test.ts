/**
 * Unknown devices in the whole server on SQLite (issue 12 §3): a phone nobody registered asks
 * under a valid folder, is listed with its guessed vendor, is assigned to a user and then served;
 * a rejected MAC is not recorded again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { raw } from '../helpers/raw-http.js';

const UA = 'Yealink SIP-T46U 108.86.0.20 00:15:65:aa:bb:02';

describe('unknown devices', () => {
  let app: AppServer;
  let userId: string;
  let folder: string;
  const ask = (file: string) => raw(`http://127.0.0.1:${app.running.ports.http}`, 'GET', `/provision/${folder}/${file}`, { 'user-agent': UA });
  const listed = async (search: string) => (await app.api('GET', `/api/unknown_phones?search=${search}`)).body;

  beforeAll(async () => {
    app = await startAppServer({});
    const user = await app.api('POST', '/api/users', { name: 'alice', extension_number: '101', extension_password: 'Sip-Secret-101' });
    userId = user.body.id;
    // The user's folder, from a phone of its own.
    await app.api('POST', `/api/users/${userId}/phones`, { mac: '00:15:65:aa:bb:01', vendor: 'yealink', model: 'T46U' });
    folder = ((await app.api('GET', '/api/phones/001565aabb01')).body.url as string).split('/')[4]!;
  });
  afterAll(() => app.stop());

  it('records a MAC asked for under a valid folder, then assigns it to a user, who is then served', async () => {
    const before = await ask('001565aabb02.cfg');
    await vi.waitFor(async () => expect((await listed('001565aabb02')).count).toBe(1), { timeout: 5_000, interval: 20 });
    const entry = (await listed('001565aabb02')).items[0];

    const assigned = await app.api('POST', '/api/unknown_phones/00-15-65-AA-BB-02/assign', { user_id: userId, model: 'T46U' });
    const after = await ask('001565aabb02.cfg');

    expect(before.status).toBe(404);
    expect(entry).toMatchObject({ mac: '001565aabb02', vendor: 'yealink', model: null, ip: '127.0.0.1', user_agent: UA, file: '001565aabb02.cfg', protocol: 'http', count: 1 });
    expect([assigned.status, assigned.body.mac, assigned.body.vendor, assigned.body.model]).toEqual([201, '001565aabb02', 'yealink', 'T46U']);
    expect((await listed('001565aabb02')).count).toBe(0);
    expect(after.status).toBe(200);
    expect(after.body).toContain('Sip-Secret-101');
  });

  it('does not record another user\'s phone, and never records a rejected MAC again', async () => {
    const bob = await app.api('POST', '/api/users', { name: 'bob', extension_number: '102', extension_password: 'Sip-Secret-102' });
    await app.api('POST', `/api/users/${bob.body.id}/phones`, { mac: '00:15:65:aa:bb:03', vendor: 'yealink', model: 'T46U' });
    await ask('001565aabb04.cfg');
    await vi.waitFor(async () => expect((await listed('001565aabb04')).count).toBe(1), { timeout: 5_000, interval: 20 });

    const rejected = await app.api('POST', '/api/phones/001565aabb04/reject');
    await ask('001565aabb04.cfg');
    await ask('001565aabb03.cfg'); // bob's phone, under alice's folder
    await ask('001565aabb05.cfg'); // a marker: once it is listed, the requests before it were handled
    await vi.waitFor(async () => expect((await listed('001565aabb05')).count).toBe(1), { timeout: 5_000, interval: 20 });
    const assignMissing = await app.api('POST', '/api/unknown_phones/001565aabb04/assign', { user_id: userId, model: 'T46U' });

    expect([rejected.status, rejected.body]).toEqual([200, { mac: '001565aabb04', rejected: true }]);
    expect((await listed('001565aabb04')).count).toBe(0);
    expect((await listed('001565aabb03')).count).toBe(0);
    expect([assignMissing.status, assignMissing.body.code]).toEqual([404, 'PROV_ERR_UNKNOWN_PHONE_NOT_FOUND']);
  });
});
