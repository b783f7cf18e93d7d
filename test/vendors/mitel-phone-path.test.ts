/**
 * A Mitel phone's boot over the real phone path with curl as the phone: startup.cfg (or aastra.cfg
 * on older firmware) from its folder, then its own <MAC>.cfg, asked for in upper case as the
 * phones do and in lower case, whose provisioning settings name that folder again.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import type { User } from '../../src/domain/user.js';
import { curl } from '../helpers/curl.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { makePhone, makeUser } from '../helpers/records.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const MAC = '00085d0a0b0c' as Mac;
const UA = ['-A', 'Mitel6867i MAC:00-08-5D-0A-0B-0C V:6.4.0.140-SIP'];

describe('Mitel boot over HTTP', () => {
  let p: PhonePath;
  let user: User;
  beforeAll(async () => {
    p = await startPhonePath({ templatesDir: TEMPLATES });
    user = makeUser();
    await p.store.insertUser(user);
    await p.store.insertPhone(makePhone(user, { mac: MAC, vendor: 'mitel', model: '6867i' }));
  });
  afterAll(() => p.close());

  it('serves startup.cfg and aastra.cfg without secrets, then <MAC>.cfg with the account and the folder', async () => {
    const folder = `${p.base}/provision/${user.provision_token}`;
    for (const name of ['startup.cfg', 'aastra.cfg']) {
      const common = await curl(`${folder}/${name}`, UA);
      expect(common.status, name).toBe(200);
      expect(common.body).toContain('sip dtmf method: 0');
      expect(common.body).not.toContain(user.extension_password);
    }
    for (const name of [`${MAC.toUpperCase()}.cfg`, `${MAC}.cfg`]) {
      const own = await curl(`${folder}/${name}`, UA);
      expect(own.status, name).toBe(200);
      expect(own.body).toContain(`sip line1 user name: ${user.extension_number}\n`);
      expect(own.body).toContain(`sip line1 password: ${user.extension_password}\n`);
      expect(own.body).toContain(`http path: /provision/${user.provision_token}\n`);
    }
  });

  it('answers 404 for another MAC\'s file and for the model file it does not serve', async () => {
    const folder = `${p.base}/provision/${user.provision_token}`;
    expect((await curl(`${folder}/00085D0A0B0D.cfg`, UA)).status).toBe(404);
    expect((await curl(`${folder}/6867i.cfg`, UA)).status).toBe(404);
  });
});
