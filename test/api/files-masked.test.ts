/**
 * A phone's file as the web console previews it (issue 13 §2): `?masked=true` replaces every
 * secret value of the phone and its user, whatever key the vendor's file uses for it.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskText, SECRET_MASK } from '../../src/api/mask-secrets.js';
import { createPhone, createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

describe('maskText', () => {
  it('masks a secret that contains another one whole, and every occurrence', () => {
    expect(maskText('a=abc1 b=abc c=abc1', ['abc', 'abc1'])).toBe(`a=${SECRET_MASK} b=${SECRET_MASK} c=${SECRET_MASK}`);
  });
});

describe('GET /api/phones/{mac}/files/{name}?masked=true', () => {
  let api: ApiHarness;
  let mac: string;
  let webPassword: string;

  beforeAll(async () => {
    api = await startApi({ provisioning: 'real', vendorDir: TEMPLATES });
    const user = await createUser(api, { extension_password: 'Ext-Secret-77' });
    const phone = await createPhone(api, user.id, { mac: '00:15:65:12:34:56', vendor: 'yealink', model: 'T46U' });
    const gs = await createPhone(api, user.id, { mac: '00:0b:82:12:34:56', vendor: 'grandstream', model: 'GRP2612' });
    mac = phone.mac;
    webPassword = gs.password;
  });
  afterAll(() => api.close());

  it('masks the extension password in a Yealink file and shows it unmasked without the flag', async () => {
    const masked = await api.get(`/api/phones/${mac}/files/${mac}.cfg?masked=true`);
    const plain = await api.get(`/api/phones/${mac}/files/${mac}.cfg`);

    expect(masked.status).toBe(200);
    expect(masked.headers.get('cache-control')).toBe('no-store');
    expect(masked.text).not.toContain('Ext-Secret-77');
    expect(masked.text).toContain(`account.1.password = ${SECRET_MASK}`);
    expect(plain.text).toContain('Ext-Secret-77');
    expect(masked.headers.get('etag')).not.toBe(plain.headers.get('etag'));
  });

  it('masks secrets under a vendor\'s numeric keys too (Grandstream P-codes)', async () => {
    const files = (await api.get('/api/phones/000b82123456/files')).body.items as { name: string; common: boolean }[];
    const own = files.filter((f) => !f.common);
    const texts = await Promise.all(own.map(async (f) => ({ plain: (await api.get(`/api/phones/000b82123456/files/${f.name}`)).text, masked: (await api.get(`/api/phones/000b82123456/files/${f.name}?masked=true`)).text })));

    expect(texts.some((t) => t.plain.includes('Ext-Secret-77') && t.plain.includes(webPassword))).toBe(true);
    for (const t of texts) {
      expect(t.masked).not.toContain('Ext-Secret-77');
      expect(t.masked).not.toContain(webPassword);
    }
  });

  it('refuses a masked value other than true or false, naming the field', async () => {
    const res = await api.get(`/api/phones/${mac}/files/${mac}.cfg?masked=yes`);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'masked', message: 'must be true or false' }]);
  });
});
