/**
 * The resync routes on a real listener, sipp playing the phone: answers, refusals with their
 * codes, roles, and bulk jobs read back by id.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createResyncJobs } from '../../src/resync/jobs.js';
import { createNotifySender } from '../../src/resync/notify-sender.js';
import { createResyncService } from '../../src/resync/service.js';
import { hasSipp, startSippUas, type SippOptions, type SippUas } from '../resync/sipp.js';
import { createPhone, createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { nextMac } from '../helpers/records.js';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
const sipp = hasSipp();

let api: ApiHarness | undefined;
let uas: SippUas | undefined;

afterEach(async () => {
  await api?.close();
  await uas?.stop();
  api = undefined;
  uas = undefined;
});

/** The API over the real templates, its resync NOTIFYs going to `sipPort` on the phones' addresses. */
async function start(sipPort: number): Promise<ApiHarness> {
  api = await startApi({
    vendorDir: TEMPLATES,
    resync: ({ store, registry, logger, metrics }) => {
      const service = createResyncService({ store, registry, sender: createNotifySender({ timeoutMs: 1500 }), sipPort, logger, metrics });
      return { service, jobs: createResyncJobs({ store, resync: service, ratePerSecond: 20, logger }) };
    },
  });
  return api;
}

/** A Yealink phone of a new user; seen at 127.0.0.1 unless `seen` is false. */
async function yealinkPhone(a: ApiHarness, seen = true): Promise<{ mac: string; userId: string }> {
  const user = await createUser(a);
  const phone = await createPhone(a, user.id, { mac: nextMac(), vendor: 'yealink', model: 'T46U' });
  if (seen) await a.store.recordSighting(phone.mac, { at: new Date().toISOString(), ip: '127.0.0.1', user_agent: 'Yealink SIP-T46U' });
  return { mac: phone.mac, userId: user.id };
}

async function withSipp(options: SippOptions): Promise<ApiHarness> {
  uas = await startSippUas(options);
  return start(uas.port);
}

describe.skipIf(!sipp)('POST /api/phones/{mac}/resync against sipp', () => {
  it('answers ok with the phone\'s status, the event and where it went; reboot=true sends the reboot event', async () => {
    const a = await withSipp({ calls: 2 });
    const { mac } = await yealinkPhone(a);

    const plain = await a.post(`/api/phones/${mac.toUpperCase().match(/../g)!.join(':')}/resync`);
    const reboot = await a.post(`/api/phones/${mac}/resync?reboot=true`);

    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ mac, result: 'ok', status: 200, event: 'check-sync;reboot=false', sent_to: `127.0.0.1:${uas!.port}` });
    expect(reboot.body).toMatchObject({ result: 'ok', event: 'check-sync;reboot=true' });
    expect(uas!.notifies().map((n) => /^Event: (.*?)\s*$/m.exec(n)?.[1])).toEqual(['check-sync;reboot=false', 'check-sync;reboot=true']);
  });

  it('reports a 503 from the phone as rejected with that status', async () => {
    const a = await withSipp({ status: 503 });
    const { mac } = await yealinkPhone(a);

    const res = await a.post(`/api/phones/${mac}/resync`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: 'rejected', status: 503 });
  });
});

describe('POST /api/phones/{mac}/resync refusals', () => {
  it('answers no_answer, not a hang, when nothing listens at the phone\'s SIP port', async () => {
    const a = await start(9);
    const { mac } = await yealinkPhone(a);
    const started = Date.now();

    const res = await a.post(`/api/phones/${mac}/resync`);

    expect(res.body).toMatchObject({ result: 'no_answer', sent_to: '127.0.0.1:9' });
    expect(res.body.status).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('answers 409 PROV_ERR_RESYNC_NEVER_SEEN for a phone that never fetched its files', async () => {
    const a = await start(9);
    const { mac } = await yealinkPhone(a, false);

    const res = await a.post(`/api/phones/${mac}/resync`);

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PROV_ERR_RESYNC_NEVER_SEEN');
  });

  it('answers 400 naming reboot when it is neither true nor false', async () => {
    const a = await start(9);
    const { mac } = await yealinkPhone(a);

    const res = await a.post(`/api/phones/${mac}/resync?reboot=yes`);

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'PROV_ERR_VALIDATION', errors: [{ field: 'reboot' }] });
  });

  it('answers 404 for an unknown MAC and 400 for a malformed one', async () => {
    const a = await start(9);

    expect((await a.post('/api/phones/001565ffffff/resync')).body.code).toBe('PROV_ERR_PHONE_NOT_FOUND');
    expect((await a.post('/api/phones/not-a-mac/resync')).body.code).toBe('PROV_ERR_MAC_INVALID');
  });

  it('is for admin roles only: a self-service token gets 403 on every resync route', async () => {
    const a = await start(9);
    const { mac, userId } = await yealinkPhone(a);
    const { token } = (await a.post('/api/tokens', { name: 'alice-app', role: 'StandardUser', user_id: userId })).body;

    for (const [method, path] of [['POST', `/api/phones/${mac}/resync`], ['POST', '/api/resync/jobs'], ['GET', '/api/resync/jobs'], ['GET', '/api/resync/jobs/x']] as const) {
      const res = await a.request(method, path, method === 'POST' ? { all: true } : undefined, { token });
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'PROV_ERR_FORBIDDEN']);
    }
  });
});

describe('auto_resync on a phone', () => {
  it('is false unless set, set by PATCH, shown by GET, refused when not a boolean', async () => {
    const a = await start(9);
    const user = await createUser(a);
    const phone = await createPhone(a, user.id, { mac: nextMac(), vendor: 'yealink', model: 'T46U' });
    const path = `/api/users/${user.id}/phones/${phone.id}`;

    const patched = await a.request('PATCH', path, { auto_resync: true });
    const bad = await a.request('PATCH', path, { auto_resync: 'yes' });

    expect(phone.auto_resync).toBe(false);
    expect(patched.body.auto_resync).toBe(true);
    expect((await a.get(path)).body.auto_resync).toBe(true);
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'auto_resync']);
  });
});

describe('/api/resync/jobs', () => {
  it('answers 202 with the job and its Location, then the finished job by id and in the list', async () => {
    const a = await start(9);
    const { userId } = await yealinkPhone(a);
    await yealinkPhone(a, false);

    const res = await a.post('/api/resync/jobs', { user_id: userId });
    let job = res.body;
    for (let i = 0; i < 100 && job.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await a.get(res.headers.get('location')!)).body;
    }

    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/api/resync/jobs/${res.body.id}`);
    expect(job).toMatchObject({ id: res.body.id, state: 'done', selection: { user_id: userId }, reboot: false, total: 1, counts: { no_answer: 1 } });
    expect((await a.get('/api/resync/jobs')).body).toMatchObject({ count: 1, items: [{ id: res.body.id }] });
  });

  it('answers 400 naming the field when the selection is missing, mixed or unknown', async () => {
    const a = await start(9);

    const none = await a.post('/api/resync/jobs', {});
    const mixed = await a.post('/api/resync/jobs', { user_id: 'x', all: true });
    const unknown = await a.post('/api/resync/jobs', { all: true, phones: [] });
    const notTrue = await a.post('/api/resync/jobs', { all: false });

    for (const res of [none, mixed, unknown, notTrue]) expect(res.status).toBe(400);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual(['all']);
    expect(mixed.body.errors.map((e: { field: string }) => e.field)).toEqual(['all']);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toContain('phones');
    expect(notTrue.body.errors.map((e: { field: string }) => e.field)).toContain('all');
  });

  it('answers 404 for an unknown user and an unknown job', async () => {
    const a = await start(9);

    expect((await a.post('/api/resync/jobs', { user_id: 'nobody' })).body.code).toBe('PROV_ERR_USER_NOT_FOUND');
    expect((await a.get('/api/resync/jobs/nope')).body.code).toBe('PROV_ERR_RESYNC_JOB_NOT_FOUND');
  });
});
