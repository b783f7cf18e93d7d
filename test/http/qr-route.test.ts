/**
 * The phone path's QR token URLs over a real listener: the first fetch answers the app's
 * configuration with the credentials, any later one 410 with none; expired and revoked tokens
 * 410; HEAD never spends a token; answers are no-store; the refusal log never names the token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQrService, type QrService } from '../../src/qr/service.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createMemoryQrTokenStore } from '../../src/store/memory-qr.js';
import type { User } from '../../src/domain/user.js';
import { makeUser } from '../helpers/records.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { raw } from '../helpers/raw-http.js';

let p: PhonePath;
let qr: QrService;
let user: User;
const clock = { offset: 0 };
beforeEach(async () => {
  const store = createMemoryStore();
  clock.offset = 0;
  const now = () => Date.now() + clock.offset;
  qr = createQrService({ store, tokens: createMemoryQrTokenStore(now), ports: { httpPort: 8080, httpsPort: 8443 }, settings: { tokenTtlSeconds: 600 }, now });
  p = await startPhonePath({ store, qr });
  user = makeUser({ extension_number: '2201', extension_password: 'Sip-Secret-2201', preferred_transport: 'TCP', interface: 'PRIVATE_IPV4' });
  await store.insertUser(user);
  await store.putNetwork({ ...(await store.getNetwork()), private_ipv4: '10.0.0.5' });
});
afterEach(() => p.close());

/** The path part of a token URL, fetched from our test listener instead of the advertised host. */
const pathOf = (url: string) => new URL(url).pathname;
const issue = async (app: 'linphone' | 'zoiper', ttl?: number) => pathOf((await qr.payload(user, app, ttl)).payload);

describe('GET /qr/<token>', () => {
  it.each([
    ['linphone', '<entry name="passwd" overwrite="true">Sip-Secret-2201</entry>', '&lt;sip:10.0.0.5:5063;transport=tcp&gt;'],
    ['zoiper', '<password>Sip-Secret-2201</password>', '<SIP_transport_type>TCP</SIP_transport_type>'],
  ] as const)('%s: first fetch 200 with the credentials, the second 410 with none', async (app, secret, transport) => {
    const path = await issue(app);

    const first = await raw(p.base, 'GET', path);
    const second = await raw(p.base, 'GET', path);

    expect([first.status, first.headers['content-type'], first.headers['cache-control']]).toStrictEqual([200, 'application/xml; charset=utf-8', 'no-store']);
    expect(first.body).toContain(secret);
    expect(first.body).toContain(transport);
    expect([second.status, second.headers['cache-control']]).toStrictEqual([410, 'no-store']);
    expect(second.body).not.toContain('Sip-Secret');
  });

  it('410 once the token expired (per-request ttl)', async () => {
    const path = await issue('linphone', 60);

    clock.offset = 60_000;
    const res = await raw(p.base, 'GET', path);

    expect(res.status).toBe(410);
    expect(res.body).not.toContain('Sip-Secret');
  });

  it('lives as long as the default ttl when the request names none', async () => {
    const early = await issue('zoiper');
    const late = await issue('zoiper');

    clock.offset = 599_000;
    expect((await raw(p.base, 'GET', early)).status).toBe(200);
    clock.offset = 600_000;
    expect((await raw(p.base, 'GET', late)).status).toBe(410);
  });

  it('410 once revoked', async () => {
    const path = await issue('zoiper');

    await qr.revoke(user.id);

    expect((await raw(p.base, 'GET', path)).status).toBe(410);
  });

  it('410 when the user is gone', async () => {
    const path = await issue('zoiper');

    await p.store.deleteUser(user.id);

    expect((await raw(p.base, 'GET', path)).status).toBe(410);
  });

  it('410 for a well-formed token nobody issued; 404 for a malformed one', async () => {
    expect((await raw(p.base, 'GET', `/qr/${'A'.repeat(43)}`)).status).toBe(410);
    expect((await raw(p.base, 'GET', '/qr/short')).status).toBe(404);
    expect((await raw(p.base, 'GET', `/qr/${'A'.repeat(43)}/x`)).status).toBe(404);
  });

  it('HEAD and POST are 405 and leave the token unspent', async () => {
    const path = await issue('linphone');

    const head = await raw(p.base, 'HEAD', path);
    const post = await raw(p.base, 'POST', path);

    expect([head.status, head.headers.allow, post.status]).toStrictEqual([405, 'GET', 405]);
    expect((await raw(p.base, 'GET', path)).status).toBe(200);
  });

  it('logs and counts a refused token without its value', async () => {
    const path = await issue('zoiper');
    await raw(p.base, 'GET', path);

    await raw(p.base, 'GET', path);

    const token = path.slice('/qr/'.length);
    expect(p.logText()).not.toContain(token);
    expect(p.logs).toContainEqual(expect.objectContaining({ event: 'phone_refused', reason: 'qr_token', file: '/qr/…' }));
    expect(p.metrics.render()).toMatch(/provd_phone_refused_total\{protocol="http",reason="qr_token"\} 1/);
  });
});
