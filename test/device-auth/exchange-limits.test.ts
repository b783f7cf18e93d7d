/**
 * Device authentication at the edges (issue 12 §2, §1): a normal Digest exchange never feeds the
 * miss throttle (a NAT'd office of phones each answering a 401 stays served) while failed
 * credentials do; an expired nonce gets `stale=true`; TFTP, which cannot authenticate, is refused
 * where credentials are needed. Whole server on SQLite, curl over HTTP and TFTP.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { curl } from '../helpers/curl.js';
import { authorization, challengesOf } from '../helpers/digest-client.js';
import { freePort } from '../helpers/free-port.js';
import { raw } from '../helpers/raw-http.js';

/** curl over TFTP: the file, or curl's exit code (68: the server answered ERROR 1, file not found). */
function tftpGet(port: number, file: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '10', `tftp://127.0.0.1:${port}/${file}`], { encoding: 'utf8' }, (err, stdout) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, body: stdout });
    });
  });
}

describe('device authentication: throttle, stale nonces, TFTP', () => {
  let app: AppServer;
  let folder: string;
  let userId: string;
  const http = () => `http://127.0.0.1:${app.running.ports.http}`;
  const path = (mac: string) => `/provision/${folder}/${mac}.cfg`;
  const addPhone = async (mac: string, deviceAuth?: string) =>
    (await app.api('POST', `/api/users/${userId}/phones`, { mac, vendor: 'yealink', model: 'T46U', ...(deviceAuth ? { device_auth: deviceAuth } : {}) })).body;
  const rotate = async (mac: string) => (await app.api('POST', `/api/phones/${mac}/rotate_device_credentials`)).body.device_password as string;

  beforeAll(async () => {
    app = await startAppServer({
      PROV_THROTTLE_MISSES: '3',
      PROV_DEVICE_AUTH_NONCE_TTL: '10',
      PROV_TFTP_PORT: String(await freePort()),
      PROV_TFTP_HOST: '127.0.0.1',
      PROV_TFTP_ALLOW: '127.0.0.1/32',
    });
    userId = (await app.api('POST', '/api/users', { name: 'bob', extension_number: '201', extension_password: 'Sip-Secret-201' })).body.id;
    folder = ((await addPhone('001565bb0000')).url as string).split('/')[4]!;
  }, 60_000);
  afterAll(() => app.stop());

  it('answers a correct response on an expired nonce with 401 stale=true, and a fresh nonce is then accepted', async () => {
    await addPhone('001565bb0001', 'required');
    const password = await rotate('001565bb0001');
    const old = challengesOf((await raw(http(), 'GET', path('001565bb0001'))).headers['www-authenticate']).find((c) => c.algorithm === 'SHA-256')!;

    await new Promise((r) => setTimeout(r, 11_000));
    const late = await raw(http(), 'GET', path('001565bb0001'), { authorization: authorization(old, '001565bb0001', password, 'GET', path('001565bb0001')) });
    const fresh = challengesOf(late.headers['www-authenticate']);
    const retried = await raw(http(), 'GET', path('001565bb0001'), { authorization: authorization(fresh[0]!, '001565bb0001', password, 'GET', path('001565bb0001')) });
    const lateWrong = await raw(http(), 'GET', path('001565bb0001'), { authorization: authorization(old, '001565bb0001', 'wrong', 'GET', path('001565bb0001')) });

    expect(late.status).toBe(401);
    expect(fresh.length).toBe(2);
    expect(fresh.every((c) => c.stale && c.nonce !== old.nonce)).toBe(true);
    expect(retried.status).toBe(200);
    // A wrong password on an old nonce learns nothing about the password being right: no stale.
    expect(challengesOf(lateWrong.headers['www-authenticate']).some((c) => c.stale)).toBe(false);
  }, 30_000);

  it('refuses TFTP where credentials are needed, serves it in mode none and before a digest phone got its credentials', async () => {
    const port = app.running.ports.tftp!;
    await addPhone('001565bb0003', 'required');
    await addPhone('001565bb0004', 'digest');

    const none = await tftpGet(port, '001565bb0000.cfg');
    const required = await tftpGet(port, '001565bb0003.cfg');
    const digestFirst = await tftpGet(port, '001565bb0004.cfg');

    expect(none.code).toBe(0);
    expect(none.body).toContain('Sip-Secret-201');
    expect(required.code).toBe(68); // curl: the server answered ERROR 1, file not found
    expect(required.body).toBe('');
    expect(digestFirst.code).toBe(0);
    expect(digestFirst.body).toContain('static.auto_provision.server.username = 001565bb0004');
  });

  it('never throttles normal Digest exchanges from one address, but does throttle failed credentials', async () => {
    await addPhone('001565bb0002', 'required');
    const password = await rotate('001565bb0002');

    // Twelve phone fetches (each curl gets the 401 challenge first, then authenticates), and bare requests.
    const exchanges = [];
    for (let i = 0; i < 12; i++) exchanges.push((await curl(http() + path('001565bb0002'), ['--digest', '-u', `001565bb0002:${password}`])).status);
    const bare = [];
    for (let i = 0; i < 6; i++) bare.push((await raw(http(), 'GET', path('001565bb0002'))).status);
    const wrong = [];
    for (let i = 0; i < 5; i++) wrong.push((await curl(http() + path('001565bb0002'), ['--digest', '-u', `001565bb0002:guess${i}`])).status);
    const stillServed = await curl(http() + path('001565bb0002'), ['--digest', '-u', `001565bb0002:${password}`]);

    expect(exchanges).toEqual(Array(12).fill(200));
    expect(bare).toEqual(Array(6).fill(401));
    // Failed credentials are misses: 401 while the address has budget left (the earlier tests
    // spent some of its 3), then 429 for the rest.
    const firstThrottled = wrong.indexOf(429);
    expect(firstThrottled).toBeGreaterThan(0);
    expect(firstThrottled).toBeLessThanOrEqual(3);
    expect(wrong).toEqual([...Array(firstThrottled).fill(401), ...Array(5 - firstThrottled).fill(429)]);
    // A throttled source is still served what it proves it may have.
    expect(stillServed.status).toBe(200);
  });

  it('counts each decision once in provd_device_auth_total, a refused request included', async () => {
    await addPhone('001565bb0005', 'required');
    const password = await rotate('001565bb0005');
    const metric = async (result: string) => {
      const text = (await app.api('GET', '/metrics')).body as string;
      return Number(new RegExp(`^provd_device_auth_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    };
    const before = { challenged: await metric('challenged'), ok: await metric('ok'), failed: await metric('failed') };

    for (let i = 0; i < 3; i++) await raw(http(), 'GET', path('001565bb0005'));
    await curl(http() + path('001565bb0005'), ['--digest', '-u', `001565bb0005:${password}`]);
    await curl(http() + path('001565bb0005'), ['--digest', '-u', '001565bb0005:wrong']);

    // 3 bare requests + 2 curl first legs are challenged; one success; one failure.
    expect(await metric('challenged')).toBe(before.challenged + 5);
    expect(await metric('ok')).toBe(before.ok + 1);
    expect(await metric('failed')).toBe(before.failed + 1);
  });
});
