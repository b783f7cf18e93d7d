/**
 * @module Redirect-service accounts through the admin API (issue 10 §2): create, replace, read,
 * list, delete (refused while phones use the account), per-flavour credential rules, secrets
 * write-only (no answer, no log line), and the vendors' services.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { createUser, RPS_VENDOR_DIR, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { testCodec } from '../secrets/support.js';

const SECRET = `Rps-Secret&<"'>-7Qz`;
const KEY_SECRET = `Key-Secret&<"'>-9Wm`;
const JSON_ACCOUNT = { flavour: 'yealink-json', access_key_id: 'ak-0001', access_key_secret: KEY_SECRET };
const XMLRPC_ACCOUNT = { flavour: 'yealink-xmlrpc', username: 'rps-user', password: SECRET, url: 'https://rps.example.com/xmlrpc' };

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ vendorDir: RPS_VENDOR_DIR });
});
afterAll(() => api.close());
beforeEach(async () => {
  for (const vendor of ['yealink', 'gigaset']) await api.store.deleteRpsAccount(vendor);
});

/** No secret of the tests in `text`, in any of the spellings JSON or a log could give it. */
function expectNoSecret(text: string): void {
  for (const secret of [SECRET, KEY_SECRET]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
  }
}

describe('POST /api/rps/accounts/{vendor}', () => {
  it('creates the account (201), answering it without its secret', async () => {
    const res = await api.post('/api/rps/accounts/yealink', JSON_ACCOUNT);

    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      vendor: 'yealink',
      flavour: 'yealink-json',
      credentials: 'access_key',
      url: null,
      default_url: 'https://api-dm.yealink.com:8443',
      access_key_id: 'ak-0001',
      can_override: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expectNoSecret(res.text);
  });

  it('defaults the flavour to the vendor\'s first service', async () => {
    const { flavour: _f, ...body } = JSON_ACCOUNT;

    const res = await api.post('/api/rps/accounts/yealink', body);

    expect(res.status, res.text).toBe(201);
    expect(res.body.flavour).toBe('yealink-json');
  });

  it('replaces the whole account (200), keeping created_at; the vendor in the path is matched case-insensitively', async () => {
    const first = (await api.post('/api/rps/accounts/yealink', JSON_ACCOUNT)).body;

    const res = await api.post('/api/rps/accounts/Yealink', XMLRPC_ACCOUNT);

    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ vendor: 'yealink', flavour: 'yealink-xmlrpc', credentials: 'username_password', username: 'rps-user', url: XMLRPC_ACCOUNT.url, can_override: true, created_at: first.created_at });
    expect(res.body).not.toHaveProperty('access_key_id');
    expect(res.body.updated_at > first.updated_at).toBe(true);
    expectNoSecret(res.text);
  });

  it.each([
    [{ flavour: 'yealink-json', username: 'u', password: 'p' }, ['access_key_id', 'access_key_secret', 'username', 'password']],
    [{ flavour: 'yealink-xmlrpc', username: 'u' }, ['password']],
    [{ flavour: 'snom-sraps', access_key_id: 'a', access_key_secret: 's' }, ['flavour']],
    [{ ...JSON_ACCOUNT, url: 'ftp://rps.example.com/' }, ['url']],
    [{ ...JSON_ACCOUNT, url: 'https://user:pw@rps.example.com/' }, ['url']],
    [{ ...JSON_ACCOUNT, secret: 'x' }, ['secret']],
    [{ ...JSON_ACCOUNT, access_key_secret: '' }, ['access_key_secret']],
  ])('refuses %j with 400 naming %j', async (body, fields) => {
    const res = await api.post('/api/rps/accounts/yealink', body);

    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
    expect(await api.store.getRpsAccount('yealink')).toBeUndefined();
  });

  it('names the flavours a vendor may use when another is asked for', async () => {
    const res = await api.post('/api/rps/accounts/yealink', { ...JSON_ACCOUNT, flavour: 'snom-sraps' });

    expect(res.body.errors).toEqual([{ field: 'flavour', message: 'must be one of: yealink-json, yealink-xmlrpc' }]);
  });

  it('answers 400 PROV_ERR_RPS_UNSUPPORTED with the reason for a vendor without a service', async () => {
    const res = await api.post('/api/rps/accounts/grandstream', JSON_ACCOUNT);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_RPS_UNSUPPORTED');
    expect(res.body.message).toMatch(/Vendor grandstream has no redirect service: GDMS has no per-device provisioning URL/);
  });

  it('answers 400 PROV_ERR_VENDOR_UNKNOWN for an unknown vendor', async () => {
    const res = await api.post('/api/rps/accounts/nokia', JSON_ACCOUNT);

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'PROV_ERR_VENDOR_UNKNOWN', errors: [{ field: 'vendor' }] });
  });
});

describe('GET /api/rps/accounts[/{vendor}]', () => {
  it('lists and reads accounts without secrets', async () => {
    await api.post('/api/rps/accounts/yealink', XMLRPC_ACCOUNT);
    await api.post('/api/rps/accounts/gigaset', { username: 'gs-user', password: SECRET });

    const list = await api.get('/api/rps/accounts');
    const one = await api.get('/api/rps/accounts/gigaset');

    expect(list.body.count).toBe(2);
    expect(list.body.items.map((a: { vendor: string; flavour: string }) => `${a.vendor} ${a.flavour}`)).toEqual(['gigaset gigaset-xmlrpc', 'yealink yealink-xmlrpc']);
    expect(one.body).toMatchObject({ vendor: 'gigaset', flavour: 'gigaset-xmlrpc', username: 'gs-user', url: null });
    for (const res of [list, one]) {
      expect(res.text).not.toMatch(/"(password|access_key_secret)"/);
      expectNoSecret(res.text);
    }
  });

  it('answers 404 PROV_ERR_RPS_ACCOUNT_NOT_FOUND for a vendor without an account', async () => {
    const res = await api.get('/api/rps/accounts/yealink');

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('PROV_ERR_RPS_ACCOUNT_NOT_FOUND');
  });

  it('never logs a secret, and audits the writes by vendor', async () => {
    const from = api.logs().length;

    await api.post('/api/rps/accounts/yealink', XMLRPC_ACCOUNT);
    await api.post('/api/rps/accounts/yealink', { ...XMLRPC_ACCOUNT, password: '' });
    await api.request('DELETE', '/api/rps/accounts/yealink');

    const lines = api.logs().slice(from);
    expectNoSecret(lines);
    const audits = lines.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((l) => l.audit === 'api_write');
    expect(audits.map((l) => `${l.method} ${l.resource} ${l.status}`)).toEqual(['POST yealink 201', 'POST yealink 400', 'DELETE yealink 204']);
  });
});

describe('DELETE /api/rps/accounts/{vendor}', () => {
  it('deletes an unused account (204), then answers 404', async () => {
    await api.post('/api/rps/accounts/yealink', JSON_ACCOUNT);

    const res = await api.request('DELETE', '/api/rps/accounts/yealink');
    const again = await api.request('DELETE', '/api/rps/accounts/yealink');

    expect(res.status).toBe(204);
    expect(await api.store.getRpsAccount('yealink')).toBeUndefined();
    expect(again.status).toBe(404);
  });

  it('refuses (409) to delete it, or change its flavour, while a phone with rps true uses it', async () => {
    await api.post('/api/rps/accounts/yealink', JSON_ACCOUNT);
    const user = await createUser(api);
    const phone = (await api.post(`/api/users/${user.id}/phones`, { mac: '00:15:65:0a:cc:01', vendor: 'yealink', model: 'T46U', rps: true })).body;

    const del = await api.request('DELETE', '/api/rps/accounts/yealink');
    const flavour = await api.post('/api/rps/accounts/yealink', XMLRPC_ACCOUNT);
    const sameFlavour = await api.post('/api/rps/accounts/yealink', { ...JSON_ACCOUNT, url: 'https://rps.example.com' });
    await api.request('PATCH', `/api/users/${user.id}/phones/${phone.id}`, { rps: false });
    const afterwards = await api.request('DELETE', '/api/rps/accounts/yealink');

    expect(del.status).toBe(409);
    expect(del.body.code).toBe('PROV_ERR_RPS_ACCOUNT_IN_USE');
    expect(del.body.message).toMatch(/used by 1 phone\(s\) with rps true \(0015650acc01\)/);
    expect(flavour.status).toBe(409);
    expect(flavour.body.message).toMatch(/its flavour stays yealink-json/);
    expect(sameFlavour.status).toBe(200);
    expect(afterwards.status).toBe(204);
  });
});

describe('GET /api/rps/vendors', () => {
  it('lists each vendor with its flavours and whether it has an account, or why it has no service', async () => {
    await api.post('/api/rps/accounts/gigaset', { username: 'gs-user', password: SECRET });

    const res = await api.get('/api/rps/vendors');

    expect(res.body.items).toEqual([
      {
        vendor: 'gigaset', name: 'Gigaset (RPS test vendor)', supported: true, account: true,
        flavours: [
          { id: 'gigaset-xmlrpc', credentials: 'username_password', default_url: 'https://prov.gigaset.net/apxml/rpc.do', can_override: false, url_kind: 'file' },
          { id: 'gigaset-grape', credentials: 'access_key', default_url: 'https://api.grape.gigaset.net/api/v1/', can_override: false, url_kind: 'file' },
        ],
      },
      { vendor: 'grandstream', name: 'Grandstream (RPS test vendor)', supported: false, reason: 'GDMS has no per-device provisioning URL (test fixture)', flavours: [], account: false },
      {
        vendor: 'yealink', name: 'Yealink (RPS test vendor)', supported: true, account: false,
        flavours: [
          { id: 'yealink-json', credentials: 'access_key', default_url: 'https://api-dm.yealink.com:8443', can_override: false, url_kind: 'folder' },
          { id: 'yealink-xmlrpc', credentials: 'username_password', default_url: 'https://api-dm.yealink.com:8443/xmlrpc', can_override: true, url_kind: 'folder' },
        ],
      },
    ]);
  });
});

describe('an account at rest', () => {
  it('holds no secret in the stored record (sealed like the other secrets)', async () => {
    const store = createMemoryStore({ codec: testCodec().codec });
    const sealedApi = await startApi({ vendorDir: RPS_VENDOR_DIR, store });
    try {
      await sealedApi.post('/api/rps/accounts/yealink', XMLRPC_ACCOUNT);
      await sealedApi.post('/api/rps/accounts/gigaset', { flavour: 'gigaset-grape', access_key_id: 'gk-1', access_key_secret: KEY_SECRET });

      const raw: string[] = [];
      await store.sealedRecords.forEachRecord('rps_account', (doc) => void raw.push(JSON.stringify(doc)));

      expect(raw).toHaveLength(2);
      for (const doc of raw) expectNoSecret(doc);
      expect((await store.getRpsAccount('yealink'))?.password).toBe(SECRET);
    } finally {
      await sealedApi.close();
    }
  });
});
