/**
 * The access wiring in the whole server (issue 12 §1): PROV_THROTTLE_* throttles a guessing
 * source with 429 and Retry-After, and PROV_HTTP_ALLOW keeps per-phone files from other sources.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';

describe('the phone path access settings', () => {
  let app: AppServer | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  /** A user with one Yealink phone, through the admin API; answers its folder and MAC. */
  async function userWithPhone(server: AppServer): Promise<{ folder: string; mac: string }> {
    const user = await server.api('POST', '/api/users', { name: 'alice', extension_number: '101', extension_password: 'Sip-Secret-101' });
    expect(user.status).toBe(201);
    const phone = await server.api('POST', `/api/users/${user.body.id}/phones`, { mac: '00:15:65:aa:bb:01', vendor: 'yealink', model: 'T46U' });
    expect(phone.status).toBe(201);
    const url = (await server.api('GET', '/api/phones/001565aabb01')).body.url as string;
    return { folder: url.split('/')[4]!, mac: '001565aabb01' };
  }

  it('answers a source 429 with Retry-After after PROV_THROTTLE_MISSES misses, and still serves its phone', async () => {
    app = await startAppServer({ PROV_THROTTLE_MISSES: '3', PROV_THROTTLE_WINDOW: '60', PROV_THROTTLE_BLOCK: '120' });
    const { folder, mac } = await userWithPhone(app);

    const misses = [];
    for (let i = 0; i < 5; i++) misses.push(await app.phone(folder, `001565ccdd0${i}.cfg`));
    const served = await app.phone(folder, `${mac}.cfg`);

    expect(misses.map((r) => r.status)).toEqual([404, 404, 404, 429, 429]);
    expect(misses[3]!.headers.get('retry-after')).toBe('120');
    expect([served.status, served.headers.get('cache-control')]).toEqual([200, 'no-store']);
  });

  it('refuses per-phone files to sources outside PROV_HTTP_ALLOW', async () => {
    app = await startAppServer({ PROV_HTTP_ALLOW: '192.0.2.0/24' });
    const { folder, mac } = await userWithPhone(app);

    const answer = await app.phone(folder, `${mac}.cfg`);

    expect(answer.status).toBe(404);
  });
});
