/**
 * @module A phone's redirect-service side through the admin API (issue 10 §2-3): `rps: true` is
 * accepted only where it can work (a service, an account, what the service needs of the phone),
 * every phone answer shows `rps_status`, `rps_message`, `rps_updated_at`, lists filter on
 * `rps_status`, and retry / override queue the MAC again (any MAC spelling).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { createUser, RPS_VENDOR_DIR, startApi, type ApiHarness } from '../helpers/api-harness.js';

const JSON_ACCOUNT = { flavour: 'yealink-json', access_key_id: 'ak-0001', access_key_secret: 'Key-Secret-1' };
const XMLRPC_ACCOUNT = { flavour: 'yealink-xmlrpc', username: 'rps-user', password: 'Rps-Secret-1' };
const GIGASET_ACCOUNT = { flavour: 'gigaset-xmlrpc', username: 'gs-user', password: 'Gs-Secret-1' };

let api: ApiHarness;
let user: any;
let seq = 0;
beforeAll(async () => {
  api = await startApi({ vendorDir: RPS_VENDOR_DIR });
  user = await createUser(api);
});
afterAll(() => api.close());
beforeEach(async () => {
  // Accounts in use cannot be deleted through the API; the store has no such rule.
  for (const vendor of ['yealink', 'gigaset']) await api.store.deleteRpsAccount(vendor);
});

/** A new MAC of the fixture's Yealink OUI, colon-separated. */
function nextMac(): string {
  seq++;
  return `00:15:65:0b:00:${seq.toString(16).padStart(2, '0')}`;
}
const canonical = (mac: string) => mac.replace(/:/g, '') as Mac;

const createPhone = (body: Record<string, unknown>) => api.post(`/api/users/${user.id}/phones`, { vendor: 'yealink', model: 'T46U', mac: nextMac(), ...body });
const putAccount = async (vendor: string, body: Record<string, unknown>) => expect((await api.post(`/api/rps/accounts/${vendor}`, body)).status).toBeLessThan(300);

/** Runs the MAC's job as the runner would, ending it with `status` and the vendor's words (other jobs stay leased a while: no matter here). */
async function runJob(mac: Mac, status: 'registered' | 'error' | 'owned_by_other', message = '') {
  const jobs = await api.store.leaseRpsJobs('test-runner', Date.now() + 60_000, 30_000, 100);
  const job = jobs.find((j) => j.mac === mac)!;
  expect(job, `a job for ${mac}`).toBeDefined();
  await api.store.completeRpsJob('test-runner', job, { status, message, updated_at: new Date().toISOString() });
  return job;
}

describe('rps: true on create and update', () => {
  it('is a 400 naming the missing account when the vendor has none, and nothing is stored', async () => {
    const mac = nextMac();

    const res = await createPhone({ mac, rps: true });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_RPS_NO_ACCOUNT');
    expect(res.body.message).toMatch(/vendor yealink has no redirect-service account.*POST \/api\/rps\/accounts\/yealink/);
    expect(res.body.errors).toEqual([{ field: 'rps', message: 'vendor yealink has no redirect-service account' }]);
    expect(await api.store.getPhoneByMac(canonical(mac))).toBeUndefined();
  });

  it('is a 400 with the reason for a vendor without a service (Grandstream)', async () => {
    const res = await createPhone({ mac: '00:0b:82:0b:00:01', vendor: 'grandstream', model: 'GRP2614', rps: true });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_RPS_UNSUPPORTED');
    expect(res.body.message).toBe('Vendor grandstream has no redirect service: GDMS has no per-device provisioning URL (test fixture)');
    expect(res.body.errors[0].field).toBe('rps');
  });

  it('is a 400 on update too, and the phone keeps rps false', async () => {
    const phone = (await createPhone({})).body;

    const res = await api.request('PATCH', `/api/users/${user.id}/phones/${phone.id}`, { rps: true });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_RPS_NO_ACCOUNT');
    expect((await api.store.getPhone(phone.id))?.rps).toBe(false);
  });

  it('is accepted once the vendor has an account: the phone shows rps_status pending', async () => {
    await putAccount('yealink', JSON_ACCOUNT);

    const res = await createPhone({ rps: true });

    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ rps: true, rps_status: 'pending', rps_message: '', rps_updated_at: expect.any(String) });
  });

  it("asks a Gigaset phone for its MAC-ID code in serial_number when the account's service needs it", async () => {
    await putAccount('gigaset', GIGASET_ACCOUNT);
    const gigaset = { vendor: 'gigaset', model: 'N870', rps: true };

    const missing = await createPhone({ ...gigaset, mac: '7c:2f:80:0b:00:01' });
    const wrong = await createPhone({ ...gigaset, mac: '7c:2f:80:0b:00:02', serial_number: 'X7K' });
    const good = await createPhone({ ...gigaset, mac: '7c:2f:80:0b:00:03', serial_number: 'x7k2' });

    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('PROV_ERR_VALIDATION');
    expect(missing.body.errors).toEqual([{ field: 'serial_number', message: expect.stringMatching(/MAC-ID \(7C2F800B0001-XXXX\).*4-character code/) }]);
    expect(wrong.status).toBe(400);
    expect(good.status, good.text).toBe(201);
  });

  it('does not ask for the code with a Gigaset service that does not need it (GRAPE)', async () => {
    await putAccount('gigaset', { flavour: 'gigaset-grape', access_key_id: 'id-1', access_key_secret: 'Key-Secret-2' });

    const res = await createPhone({ vendor: 'gigaset', model: 'N870', mac: '7c:2f:80:0b:00:04', rps: true });

    expect(res.status, res.text).toBe(201);
  });
});

describe('rps_status, rps_message, rps_updated_at', () => {
  it('are in every phone answer: disabled for a phone without rps, the outcome for one with it', async () => {
    await putAccount('yealink', JSON_ACCOUNT);
    const plain = (await createPhone({})).body;
    const mac = nextMac();
    const parked = (await createPhone({ mac, rps: true })).body;
    await runJob(canonical(mac), 'owned_by_other', 'device.mac.added.by.other');

    const one = await api.get(`/api/phones/${mac.replace(/:/g, '-')}`);
    const byUser = await api.get(`/api/users/${user.id}/phones/${parked.id}`);
    const list = await api.get(`/api/users/${user.id}/phones`);

    expect(plain).toMatchObject({ rps_status: 'disabled', rps_message: '', rps_updated_at: null });
    for (const body of [one.body, byUser.body]) expect(body).toMatchObject({ rps_status: 'owned_by_other', rps_message: 'device.mac.added.by.other', rps_updated_at: expect.any(String) });
    for (const item of list.body.items) expect(Object.keys(item)).toEqual(expect.arrayContaining(['rps_status', 'rps_message', 'rps_updated_at']));
  });

  it('ignores them when a client sends them back', async () => {
    const phone = (await createPhone({})).body;

    const res = await api.request('PATCH', `/api/users/${user.id}/phones/${phone.id}`, { ...phone, rps_status: 'registered', rps_message: 'x' });

    expect(res.status, res.text).toBe(200);
    expect(res.body.rps_status).toBe('disabled');
  });

  it('filters lists on rps_status', async () => {
    await putAccount('yealink', JSON_ACCOUNT);
    const mac = nextMac();
    await createPhone({ mac, rps: true });
    await runJob(canonical(mac), 'error', 'Error:invalid server');

    const res = await api.get(`/api/phones?filter=${encodeURIComponent("rps_status eq 'error'")}`);

    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((p: { mac: string }) => p.mac)).toEqual([canonical(mac)]);
  });
});

describe('POST /api/phones/{mac}/rps/retry', () => {
  it('queues the MAC again (202, any MAC spelling): the phone is pending again', async () => {
    await putAccount('yealink', JSON_ACCOUNT);
    const mac = nextMac();
    await createPhone({ mac, rps: true });
    await runJob(canonical(mac), 'error', 'Error:invalid server');

    const from = api.logs().length;

    const res = await api.post(`/api/phones/${mac.toUpperCase()}/rps/retry`);

    expect(res.status, res.text).toBe(202);
    expect(api.logs().slice(from)).toContain(`"resource":"${mac.toUpperCase()}","status":202`);
    expect(res.body).toEqual({ mac: canonical(mac), rps: true, rps_status: 'pending', rps_message: '', rps_updated_at: expect.any(String) });
    const jobs = await api.store.leaseRpsJobs('test-runner', Date.now() + 60_000, 1000, 100);
    expect(jobs.find((j) => j.mac === canonical(mac))).toMatchObject({ override: false, attempts: 0 });
  });

  it('answers 404 for an unknown MAC and 400 for something that is no MAC', async () => {
    const unknown = await api.post('/api/phones/00:15:65:ff:ff:fe/rps/retry');
    const bad = await api.post('/api/phones/not-a-mac/rps/retry');

    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PROV_ERR_PHONE_NOT_FOUND');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PROV_ERR_MAC_INVALID');
  });
});

describe('POST /api/phones/{mac}/rps/override', () => {
  it('queues a take-over when the service can take a MAC over (yealink-xmlrpc)', async () => {
    await putAccount('yealink', XMLRPC_ACCOUNT);
    const mac = nextMac();
    await createPhone({ mac, rps: true });
    await runJob(canonical(mac), 'owned_by_other', 'Error:9f3ab2c41d');

    const res = await api.post(`/api/phones/${canonical(mac)}/rps/override`);

    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ rps_status: 'pending' });
    const jobs = await api.store.leaseRpsJobs('test-runner', Date.now() + 60_000, 1000, 100);
    expect(jobs.find((j) => j.mac === canonical(mac))?.override).toBe(true);
  });

  it('is a 400 when the service cannot take a MAC over (yealink-json)', async () => {
    await putAccount('yealink', JSON_ACCOUNT);
    const mac = nextMac();
    await createPhone({ mac, rps: true });

    const res = await api.post(`/api/phones/${mac}/rps/override`);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_RPS_OVERRIDE_UNSUPPORTED');
    expect(res.body.message).toMatch(/yealink-json cannot take over/);
  });

  it('is a 409 for a phone with rps false, a 404 for an unknown MAC', async () => {
    await putAccount('yealink', XMLRPC_ACCOUNT);
    const mac = nextMac();
    await createPhone({ mac });

    const off = await api.post(`/api/phones/${mac}/rps/override`);
    const unknown = await api.post('/api/phones/001565fffffd/rps/override');

    expect(off.status).toBe(409);
    expect(off.body.code).toBe('PROV_ERR_RPS_NOT_ENABLED');
    expect(unknown.status).toBe(404);
  });
});
