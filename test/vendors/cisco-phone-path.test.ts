/**
 * A Cisco MPP phone's boot over the real phone path with curl as the phone: the default
 * `<PSN>.xml` from its folder, then its own `<mac>.xml`, whose profile rule names that folder.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import type { User } from '../../src/domain/user.js';
import { curl } from '../helpers/curl.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { makePhone, makeUser } from '../helpers/records.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const MAC = '00562b0a0b0c' as Mac;
const UA = ['-A', `Cisco-CP-8841-3PCC/12.0.1 (${MAC})`];

describe('Cisco MPP boot over HTTP', () => {
  let p: PhonePath;
  let user: User;
  beforeAll(async () => {
    p = await startPhonePath({ templatesDir: TEMPLATES });
    user = makeUser();
    await p.store.insertUser(user);
    await p.store.insertPhone(makePhone(user, { mac: MAC, vendor: 'cisco', model: '8841' }));
  });
  afterAll(() => p.close());

  it('serves 8841-3PCC.xml without secrets and then the per-MAC file with the account', async () => {
    const folder = `${p.base}/provision/${user.provision_token}`;
    const common = await curl(`${folder}/8841-3PCC.xml`, UA);
    expect(common.status).toBe(200);
    expect(common.body).toContain('<Profile_Rule_B ua="na">/$MA.xml</Profile_Rule_B>');
    expect(common.body).not.toContain(user.extension_password);

    const own = await curl(`${folder}/${MAC.toUpperCase()}.xml`, UA);
    expect(own.status).toBe(200);
    expect(own.body).toContain(`<User_ID_1_ ua="na">${user.extension_number}</User_ID_1_>`);
    expect(own.body).toMatch(new RegExp(`<Profile_Rule ua="na">[^<]*/provision/${user.provision_token}/\\$MA\\.xml</Profile_Rule>`));
  });
});
