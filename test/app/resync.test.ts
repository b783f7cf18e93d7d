/**
 * Resync in the whole server (createApp, SQLite, real templates), sipp as the phone: the phone
 * fetches its file over HTTP, which records its address; the admin's resync NOTIFY goes there;
 * with PROV_RESYNC_ON_CHANGE a change of the phone's user sends one by itself.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { runProvd } from '../helpers/cli.js';
import { hasSipp, startSippUas, type SippUas } from '../resync/sipp.js';

const sipp = hasSipp();

describe.skipIf(!sipp)('resync in the whole server', () => {
  let app: AppServer;
  let uas: SippUas;
  let userId: string;

  beforeAll(async () => {
    uas = await startSippUas({ calls: 10 });
    app = await startAppServer({ PROV_RESYNC_SIP_PORT: String(uas.port), PROV_RESYNC_TIMEOUT: '3000', PROV_RESYNC_ON_CHANGE: 'true' });
    userId = (await app.api('POST', '/api/users', { name: 'alice', extension_number: '101', extension_password: 'Sip-Secret-101' })).body.id;
  });
  afterAll(async () => {
    await app.stop();
    await uas.stop();
  });

  it('refuses before the phone fetched anything, then reaches it at the address it fetched from', async () => {
    await app.api('POST', `/api/users/${userId}/phones`, { mac: '00:15:65:aa:bb:01', vendor: 'yealink', model: 'T46U' });
    const before = await app.api('POST', '/api/phones/001565aabb01/resync');
    const folder = ((await app.api('GET', '/api/phones/001565aabb01')).body.url as string).split('/')[4]!;
    expect((await app.phone(folder, '001565aabb01.cfg')).status).toBe(200);
    await vi.waitFor(async () => expect((await app.api('GET', '/api/phones/001565aabb01')).body.ip).toBe('127.0.0.1'), { timeout: 5_000, interval: 20 });

    const after = await app.api('POST', '/api/phones/001565aabb01/resync');

    expect([before.status, before.body.code]).toEqual([409, 'PROV_ERR_RESYNC_NEVER_SEEN']);
    expect(after.body).toMatchObject({ result: 'ok', status: 200, sent_to: `127.0.0.1:${uas.port}`, event: 'check-sync;reboot=false' });
    expect(uas.notifies()[0]).toMatch(/^NOTIFY sip:101@127\.0\.0\.1:\d+ SIP\/2\.0/);
    // The file the phone then fetches accepts such NOTIFYs (common file of the model).
    const common = await app.phone(folder, 'y000000000108.cfg');
    expect(common.body).toMatch(/^sip\.notify_reboot_enable = 0$/m);
  });

  it('sends a NOTIFY by itself after the phone\'s user changed (PROV_RESYNC_ON_CHANGE)', async () => {
    // The phone's creation above was a change too: let its auto-resync (2 s later) go out first.
    await new Promise((r) => setTimeout(r, 2_500));
    const jobsBefore = (await app.api('GET', '/api/resync/jobs')).body.count;
    const notifiesBefore = uas.notifies().length;

    await app.api('PATCH', `/api/users/${userId}`, { display_name: 'Alice A.' });

    await vi.waitFor(() => expect(uas.notifies()).toHaveLength(notifiesBefore + 1), { timeout: 8_000, interval: 50 });
    const jobs = (await app.api('GET', '/api/resync/jobs')).body;
    expect(jobs.count).toBe(jobsBefore + 1);
    expect(jobs.items[0]).toMatchObject({ selection: { on_change: true }, total: 1 });
    expect(app.logs().some((l) => l.msg === 'resync NOTIFY sent' && l.result === 'ok')).toBe(true);
  });

  it('is what `provd phones resync` asks for: the phone\'s answer printed, exit 0; a phone never seen exits 1 with the API\'s reason', async () => {
    const env = { PROVD_API: `http://127.0.0.1:${app.running.ports.api}`, PROVD_TOKEN: app.running.adminToken };
    await app.api('POST', `/api/users/${userId}/phones`, { mac: '00:15:65:aa:bb:02', vendor: 'yealink', model: 'T46U' });
    const before = uas.notifies().length;

    const reboot = await runProvd(['phones', 'resync', '00:15:65:AA:BB:01', '--reboot'], env);
    const unseen = await runProvd(['phones', 'resync', '001565aabb02'], env);

    expect([reboot.code, reboot.stdout]).toEqual([0, `ok 200: NOTIFY check-sync;reboot=true to 127.0.0.1:${uas.port}\n`]);
    expect(uas.notifies().slice(before).map((n) => /^Event: (.*)$/m.exec(n)?.[1]?.trim())).toContain('check-sync;reboot=true');
    expect(unseen.code).toBe(1);
    expect(unseen.stderr).toMatch(/phones resync: .*never/i);
  });
});
