/**
 * @module `POST /api/rps/accounts/{vendor}/check` (issue 10 §2): the stored account tried against
 * the service, here the local mocks of test/redirect/mocks (the account's `url` points at them):
 * `{ ok: true }`, or the mapped failure with the vendor's words and never a secret.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RPS_VENDOR_DIR, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { startYealinkXmlRpcMock } from '../redirect/mocks/yealink-family.js';
import { startYealinkMock } from '../redirect/mocks/yealink-json.js';
import { TEST_ACCOUNTS } from '../redirect/support/client-harness.js';

const KEY = TEST_ACCOUNTS.access_key;
const LOGIN = TEST_ACCOUNTS.username_password;
const WRONG = `Wrong&<"'>-secret-5Tx`;

let api: ApiHarness;
const mocks: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  api = await startApi({ vendorDir: RPS_VENDOR_DIR, rpsTimeoutMs: 300 });
});
afterAll(() => api.close());
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});

async function check(account: Record<string, unknown>) {
  const put = await api.post('/api/rps/accounts/yealink', account);
  expect(put.status, put.text).toBeLessThan(300);
  return api.post('/api/rps/accounts/yealink/check');
}

describe('POST /api/rps/accounts/{vendor}/check', () => {
  describe('yealink-json (X-Ca signed JSON) against its mock', () => {
    it('answers ok for the credentials the service knows', async () => {
      const mock = await startYealinkMock({ keys: { [KEY.accessKeyId]: KEY.accessKeySecret } });
      mocks.push(mock);

      const res = await check({ flavour: 'yealink-json', url: mock.url, access_key_id: KEY.accessKeyId, access_key_secret: KEY.accessKeySecret });

      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ ok: true });
      expect(mock.requests.length).toBeGreaterThan(0);
    });

    it('answers auth_failed for a secret the service refuses, naming no secret', async () => {
      const mock = await startYealinkMock({ keys: { [KEY.accessKeyId]: KEY.accessKeySecret } });
      mocks.push(mock);

      const res = await check({ flavour: 'yealink-json', url: mock.url, access_key_id: KEY.accessKeyId, access_key_secret: WRONG });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: false, error: 'auth_failed', message: expect.any(String) });
      expect(res.text).not.toContain(WRONG);
      expect(res.text).not.toContain(JSON.stringify(WRONG).slice(1, -1));
    });
  });

  describe('yealink-xmlrpc (HTTP Basic) against its mock', () => {
    it('answers ok for the login the service knows', async () => {
      const mock = await startYealinkXmlRpcMock(LOGIN);
      mocks.push(mock);

      const res = await check({ flavour: 'yealink-xmlrpc', url: mock.url, username: LOGIN.username, password: LOGIN.password });

      expect(res.body).toEqual({ ok: true });
      expect(mock.calls.map((c) => c.method)).toEqual(['redirect.checkDevice']);
    });

    it('answers auth_failed for a wrong password, naming no secret', async () => {
      const mock = await startYealinkXmlRpcMock(LOGIN);
      mocks.push(mock);

      const res = await check({ flavour: 'yealink-xmlrpc', url: mock.url, username: LOGIN.username, password: WRONG });

      expect(res.body).toMatchObject({ ok: false, error: 'auth_failed' });
      expect(res.text).not.toContain(WRONG);
      expect(res.text).not.toContain(Buffer.from(`${LOGIN.username}:${WRONG}`).toString('base64'));
    });

    it('answers unavailable when the service does not answer within the timeout', async () => {
      const mock = await startYealinkXmlRpcMock(LOGIN);
      mocks.push(mock);
      mock.service.faults.hang(1);

      const res = await check({ flavour: 'yealink-xmlrpc', url: mock.url, username: LOGIN.username, password: LOGIN.password });

      expect(res.body).toMatchObject({ ok: false, error: 'unavailable' });
    });
  });

  it('answers 404 for a vendor without an account, and refuses a body', async () => {
    await api.store.deleteRpsAccount('yealink');

    const missing = await api.post('/api/rps/accounts/yealink/check');
    const withBody = await api.post('/api/rps/accounts/yealink/check', { password: 'x' });

    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PROV_ERR_RPS_ACCOUNT_NOT_FOUND');
    expect(withBody.status).toBe(400);
    expect(withBody.body.errors).toEqual([{ field: 'password', message: 'unknown field' }]);
  });
});
