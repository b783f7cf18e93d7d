/**
 * Admin settings in the whole server (SQLite, real templates, the phone path, curl): what a phone
 * fetches changes at once after a PATCH of its settings or a PUT of its model's or vendor's
 * (the cached render is invalidated by the store event).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { curl } from '../helpers/curl.js';

describe('settings in the whole server', () => {
  let app: AppServer;
  let folder: string;
  let phoneId: string;
  let userId: string;
  // curl, a new connection per fetch, as a phone does (also right after the restart below).
  const fetchFile = async () => {
    const res = await curl(`http://127.0.0.1:${app.running.ports.http}/provision/${folder}/001565aabb31.cfg`, ['-A', 'Yealink SIP-T46U 108.86.0.20 00:15:65:aa:bb:31']);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    app = await startAppServer({});
    const user = await app.api('POST', '/api/users', { name: 'carol', extension_number: '301', extension_password: 'Sip-Secret-301' });
    userId = user.body.id;
    const phone = await app.api('POST', `/api/users/${userId}/phones`, { mac: '00:15:65:aa:bb:31', vendor: 'yealink', model: 'T46U', settings: { 'lang.gui': 'English' } });
    phoneId = phone.body.id;
    folder = (phone.body.url as string).split('/')[4]!;
  });
  afterAll(() => app.stop());

  it('a phone fetch after a PATCH of its settings shows the new value', async () => {
    expect(await fetchFile()).toMatch(/\nlang\.gui = English\n$/);
    const res = await app.api('PATCH', `/api/users/${userId}/phones/${phoneId}`, { settings: { 'lang.gui': 'German' } });
    expect(res.status).toBe(200);
    expect(await fetchFile()).toMatch(/\nlang\.gui = German\n$/);
  });

  it('a phone fetch after a PUT of its model or vendor settings shows them before its own', async () => {
    expect((await app.api('PUT', '/api/vendors/yealink/models/T46U/settings', { settings: { 'features.dnd.enable': '1', 'lang.gui': 'French' } })).status).toBe(200);
    expect(await fetchFile()).toMatch(/\nfeatures\.dnd\.enable = 1\nlang\.gui = German\n$/);
    expect((await app.api('PUT', '/api/vendors/yealink/settings', { settings: { 'local_time.ntp_server1': 'ntp.example.com' } })).status).toBe(200);
    expect(await fetchFile()).toMatch(/\nlocal_time\.ntp_server1 = ntp\.example\.com\nfeatures\.dnd\.enable = 1\nlang\.gui = German\n$/);
    // Kept across a restart (stored in the network record).
    await app.restart();
    expect(await fetchFile()).toMatch(/\nlocal_time\.ntp_server1 = ntp\.example\.com\nfeatures\.dnd\.enable = 1\nlang\.gui = German\n$/);
  });
});
