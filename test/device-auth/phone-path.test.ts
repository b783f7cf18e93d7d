/**
 * Device authentication on the phone path (issue 12 §2), in the whole server on SQLite with real
 * clients: curl (`--digest`, `--basic`, over HTTP and HTTPS) and a hand-written RFC 7616 client
 * for MD5 and replays. Per-phone modes are set through the admin API; credentials come from the
 * rotation verb, the only place the password is ever shown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { curl } from '../helpers/curl.js';
import { authorization, challengeValues, challengesOf } from '../helpers/digest-client.js';
import { freePort } from '../helpers/free-port.js';
import { raw } from '../helpers/raw-http.js';

const PIN = '135792';

describe('device authentication (whole server, SQLite, curl)', () => {
  let app: AppServer;
  let certs: string;
  let folder: string;
  let userId: string;
  const http = () => `http://127.0.0.1:${app.running.ports.http}`;
  const https = () => `https://127.0.0.1:${app.running.ports.https}`;
  const path = (mac: string) => `/provision/${folder}/${mac}.cfg`;
  const addPhone = async (mac: string, deviceAuth?: string) => {
    const created = await app.api('POST', `/api/users/${userId}/phones`, { mac, vendor: 'yealink', model: 'T46U', ...(deviceAuth ? { device_auth: deviceAuth } : {}) });
    expect(created.status).toBe(201);
    return created.body;
  };
  const rotate = async (mac: string) => (await app.api('POST', `/api/phones/${mac}/rotate_device_credentials`)).body as { device_username: string; device_password: string };

  beforeAll(async () => {
    certs = mkdtempSync(join(tmpdir(), 'provd-auth-certs-'));
    app = await startAppServer({ PROV_HTTPS_PORT: String(await freePort()), PROV_CERTS_DIR: certs, PROV_DEVICE_AUTH_GRACE: '0' });
    const user = await app.api('POST', '/api/users', { name: 'alice', extension_number: '101', extension_password: 'Sip-Secret-101', voicemail_pin: PIN });
    userId = user.body.id;
    folder = ((await addPhone('001565aa0000')).url as string).split('/')[4]!;
  }, 60_000);
  afterAll(async () => {
    await app.stop();
    rmSync(certs, { recursive: true, force: true });
  });

  it('mode none (the default) serves as before, whatever Authorization the request carries', async () => {
    const plain = await curl(http() + path('001565aa0000'));
    const withHeader = await curl(http() + path('001565aa0000'), ['-H', 'Authorization: Digest username="x", response="y"']);

    expect([plain.status, withHeader.status]).toEqual([200, 200]);
    expect(plain.body).toContain('account.1.password = Sip-Secret-101');
  });

  it('required: no credentials is 401 with SHA-256 then MD5 challenges (plus Basic over HTTPS); curl --digest gets 200 with the right ones, 401 with wrong ones', async () => {
    await addPhone('001565aa0001', 'required');
    const { device_username: user, device_password: password } = await rotate('001565aa0001');

    const bare = await raw(http(), 'GET', path('001565aa0001'));
    const bareTls = await new Promise<string[]>((resolve, reject) => {
      import('node:https').then(({ get }) => get(https() + path('001565aa0001'), { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(challengeValues(res.headers['www-authenticate']));
      }).on('error', reject));
    });
    const right = await curl(http() + path('001565aa0001'), ['-v', '--digest', '-u', `${user}:${password}`]);
    const wrong = await curl(http() + path('001565aa0001'), ['--digest', '-u', `${user}:${password}x`]);
    const otherUser = await curl(http() + path('001565aa0001'), ['--digest', '-u', `001565aa0000:${password}`]);

    expect(user).toBe('001565aa0001');
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(bare.status).toBe(401);
    const offered = challengesOf(bare.headers['www-authenticate']);
    expect(offered.map((c) => c.algorithm)).toEqual(['SHA-256', 'MD5']);
    expect(offered.every((c) => c.realm === 'provd' && c.nonce.length > 20 && c.opaque && !c.stale)).toBe(true);
    expect(bareTls.map((v) => v.split(' ')[0])).toEqual(['Digest', 'Digest', 'Basic']);
    expect(right.status).toBe(200);
    // curl takes the first challenge it supports: SHA-256 (MD5 is covered by the hand-written client below).
    expect(right.stderr).toMatch(/^> Authorization: Digest .*algorithm=SHA-256/m);
    expect(right.body).toContain('account.1.password = Sip-Secret-101');
    expect([wrong.status, otherUser.status]).toEqual([401, 401]);
  });

  it('writes the credentials into the Yealink provisioning keys; no GET answer and no log line holds the password', async () => {
    const { device_password: password } = await rotate('001565aa0001');

    const file = await curl(http() + path('001565aa0001'), ['--digest', '-u', `001565aa0001:${password}`]);
    const views = [
      await app.api('GET', '/api/phones/001565aa0001'),
      await app.api('GET', `/api/users/${userId}/phones`),
      await app.api('GET', '/api/phones?top=100'),
    ];

    expect(file.body).toContain('static.auto_provision.server.username = 001565aa0001');
    expect(file.body).toContain(`static.auto_provision.server.password = ${password}`);
    expect(views[0]!.body.device_auth).toBe('required');
    for (const view of views) {
      expect(view.status).toBe(200);
      expect(JSON.stringify(view.body)).not.toContain(password);
      expect(JSON.stringify(view.body)).not.toContain('device_password');
    }
    expect(JSON.stringify(app.logs())).not.toContain(password);
  });

  it('accepts MD5 from a hand-written RFC 7616 client and refuses a replayed nonce and nc', async () => {
    const { device_password: password } = await rotate('001565aa0001');
    const challenge = challengesOf((await raw(http(), 'GET', path('001565aa0001'))).headers['www-authenticate']).find((c) => c.algorithm === 'MD5')!;
    const header = authorization(challenge, '001565aa0001', password, 'GET', path('001565aa0001'), 1);

    const first = await raw(http(), 'GET', path('001565aa0001'), { authorization: header });
    const replay = await raw(http(), 'GET', path('001565aa0001'), { authorization: header });
    const next = await raw(http(), 'GET', path('001565aa0001'), { authorization: authorization(challenge, '001565aa0001', password, 'GET', path('001565aa0001'), 2) });
    const otherUri = await raw(http(), 'GET', path('001565aa0001'), { authorization: authorization(challenge, '001565aa0001', password, 'GET', '/provision/x/y.cfg', 3) });

    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    expect(challengesOf(replay.headers['www-authenticate']).some((c) => c.stale)).toBe(false);
    expect(next.status).toBe(200);
    expect(otherUri.status).toBe(401);
  });

  it('takes Basic over HTTPS and ignores it over plain HTTP', async () => {
    const { device_password: password } = await rotate('001565aa0001');

    const overTls = await curl(https() + path('001565aa0001'), ['--basic', '-u', `001565aa0001:${password}`]);
    const overTlsWrong = await curl(https() + path('001565aa0001'), ['--basic', '-u', `001565aa0001:nope`]);
    const overHttp = await curl(http() + path('001565aa0001'), ['--basic', '-u', `001565aa0001:${password}`]);
    const digestOverTls = await curl(https() + path('001565aa0001'), ['--digest', '-u', `001565aa0001:${password}`]);

    expect([overTls.status, overTlsWrong.status, overHttp.status, digestOverTls.status]).toEqual([200, 401, 401, 200]);
  });

  it('rotating the credentials changes the file and retires the old password', async () => {
    const before = await rotate('001565aa0001');
    const oldFile = await curl(http() + path('001565aa0001'), ['--digest', '-u', `001565aa0001:${before.device_password}`]);

    const after = await rotate('001565aa0001');
    const withOld = await curl(http() + path('001565aa0001'), ['--digest', '-u', `001565aa0001:${before.device_password}`]);
    const newFile = await curl(http() + path('001565aa0001'), ['--digest', '-u', `001565aa0001:${after.device_password}`]);

    expect(after.device_password).not.toBe(before.device_password);
    expect(oldFile.body).toContain(before.device_password);
    expect(withOld.status).toBe(401);
    expect(newFile.status).toBe(200);
    expect(newFile.body).toContain(after.device_password);
    expect(newFile.body).not.toContain(before.device_password);
  });

  it('digest: the first fetch without credentials is served (it delivers them), is recorded, and later fetches must authenticate', async () => {
    await addPhone('001565aa0002', 'digest');

    const first = await curl(http() + path('001565aa0002'));
    await vi.waitFor(async () => expect((await app.api('GET', '/api/phones/001565aa0002')).body.device_credentials_sent_at).toEqual(expect.any(String)), { timeout: 5_000, interval: 20 });
    const password = /static\.auto_provision\.server\.password = (\w+)/.exec(first.body)![1]!;
    const second = await curl(http() + path('001565aa0002'));
    const authenticated = await curl(http() + path('001565aa0002'), ['--digest', '-u', `001565aa0002:${password}`]);

    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
    expect(authenticated.status).toBe(200);
  });

  it('pin: the user\'s extension and voicemail PIN, not the device credentials', async () => {
    await addPhone('001565aa0003', 'pin');
    const device = await rotate('001565aa0003');

    const bare = await curl(http() + path('001565aa0003'));
    const withPin = await curl(http() + path('001565aa0003'), ['--digest', '-u', `101:${PIN}`]);
    const withDevice = await curl(http() + path('001565aa0003'), ['--digest', '-u', `001565aa0003:${device.device_password}`]);

    expect([bare.status, withPin.status, withDevice.status]).toEqual([401, 200, 401]);
    // The file leaves the credentials the phone's user typed alone.
    expect(withPin.body).not.toContain('static.auto_provision.server.password');
  });

  it('keeps the credentials across a restart on SQLite', async () => {
    const { device_password: password } = await rotate('001565aa0001');

    await app.restart();
    const after = await curl(http() + path('001565aa0001'), ['--digest', '-u', `001565aa0001:${password}`]);

    expect(after.status).toBe(200);
    expect(after.body).toContain(password);
  }, 60_000);
});
