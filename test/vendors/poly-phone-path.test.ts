/**
 * A Poly phone's boot over the real phone path (curl, the real templates): its own `<mac>.cfg`
 * (which it would read as a master file) is a 404, the common master names its `<mac>-provd.cfg`,
 * that file carries the account, and the override files it asks for are 404s.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { curl } from '../helpers/curl.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { makePhone, makeUser } from '../helpers/records.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const UA = 'FileTransport PolycomVVX-VVX_450-UA/6.4.6.2857 Type/Application';
const MAC = '0004f2aabb01' as Mac;

describe('a Poly phone booting from its folder', () => {
  let p: PhonePath;
  const alice = makeUser();
  const get = (name: string) => curl(`${p.base}/provision/${alice.provision_token}/${name}`, ['-A', UA]);

  beforeAll(async () => {
    p = await startPhonePath({ templatesDir: TEMPLATES });
    await p.store.insertUser(alice);
    await p.store.insertPhone(makePhone(alice, { mac: MAC, vendor: 'poly', model: 'VVX450', filename: 'poly/VVX450' }));
  });
  afterAll(() => p.close());

  it('gets 404 for <mac>.cfg, then the master file, whose CONFIG_FILES names the file it fetches next', async () => {
    expect((await get(`${MAC}.cfg`)).status).toBe(404);
    const master = await get('000000000000.cfg');
    expect(master.status).toBe(200);
    const configFiles = /CONFIG_FILES="([^"]*)"/.exec(master.body)![1]!;
    expect(configFiles).toBe('[PHONE_MAC_ADDRESS]-provd.cfg');
    expect(master.body).not.toContain(alice.extension_password);

    const own = await get(configFiles.replace('[PHONE_MAC_ADDRESS]', MAC));
    expect(own.status).toBe(200);
    expect(own.body).toContain(`reg.1.address="${alice.extension_number}"`);
    expect(own.body).toContain(`reg.1.auth.password="${alice.extension_password}"`);
    // The phone keeps coming back to this folder (no trailing slash: it appends /<file> itself).
    expect(own.body).toMatch(new RegExp(`device\\.prov\\.serverName="http://[^"]+/provision/${alice.provision_token}"`));
  });

  it('gets 404 for the override files it would read back (<mac>-phone.cfg, <mac>-web.cfg)', async () => {
    for (const name of [`${MAC}-phone.cfg`, `${MAC}-web.cfg`]) expect((await get(name)).status).toBe(404);
  });
});
