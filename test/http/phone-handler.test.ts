/** The phone-facing HTTP path over a real listener: status codes, caching, invalidation, refusals. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhoneCreateSchema, type Phone } from '../../src/domain/phone.js';
import { UserCreateSchema, type User } from '../../src/domain/user.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { raw } from '../helpers/raw-http.js';

const T = '2026-01-01T00:00:00.000Z';
let n = 0;
function user(over: Partial<User> = {}): User {
  n++;
  return {
    ...UserCreateSchema.parse({ name: `user${n}`, extension_number: `${100 + n}`, extension_password: `pw-${n}` }),
    id: `u${n}`, provision_token: `folder-token-${n}-abcdefghijklmnop`, created_at: T, updated_at: T, ...over,
  };
}
function phone(u: User, mac: string, over: Partial<Phone> = {}): Phone {
  const p = PhoneCreateSchema.parse({ mac, vendor: 'acme', model: 'X1' });
  return {
    ...p, id: `p-${mac}`, user_id: u.id, filename: 'acme/X1', password: 'web-pw', timezone: 'UTC', codecs: ['PCMU', 'PCMA'],
    interface: 'PRIVATE_IPV4', preferred_transport: 'UDP', created_at: T, updated_at: T, ...over,
  };
}

describe('phone path', () => {
  let p: PhonePath;
  let alice: User;
  let bob: User;
  beforeEach(async () => {
    p = await startPhonePath();
    alice = user();
    bob = user();
    await p.store.insertUser(alice);
    await p.store.insertUser(bob);
    await p.store.putNetwork({ ...(await p.store.getNetwork()), private_ipv4: '10.0.0.5' });
    await p.store.insertPhone(phone(alice, '0a0b0c000001'));
    await p.store.insertPhone(phone(bob, '0a0b0c000002'));
  });
  afterEach(() => p.close());

  it('serves the rendered per-phone file with content type, length and ETag', async () => {
    const res = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c000001.xml`);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.body).toContain(`user="${alice.extension_number}" password="pw-`);
    expect(res.body).toContain('server="10.0.0.5" port="5060"');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it('accepts a doubled slash before the file name (phones joining URL and name)', async () => {
    const res = await raw(p.base, 'GET', `/provision/${alice.provision_token}//acme0a0b0c000001.xml`);
    expect(res.status).toBe(200);
  });

  it('matches the MAC in the file name case-insensitively', async () => {
    const res = await raw(p.base, 'GET', `/provision/${alice.provision_token}/ACME0A0B0C000001.XML`);
    expect(res.status).toBe(200);
  });

  it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
    const path = `/provision/${alice.provision_token}/acme0a0b0c000001.xml`;
    const first = await raw(p.base, 'GET', path);

    const again = await raw(p.base, 'GET', path, { 'If-None-Match': String(first.headers.etag) });
    const listed = await raw(p.base, 'GET', path, { 'If-None-Match': `"other", ${first.headers.etag}` });
    const stale = await raw(p.base, 'GET', path, { 'If-None-Match': '"stale"' });

    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(listed.status).toBe(304);
    expect(stale.status).toBe(200);
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await raw(p.base, 'HEAD', `/provision/${alice.provision_token}/acme0a0b0c000001.xml`);
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(100);
    expect(res.body).toBe('');
  });

  it('gives the same 404 for an unknown MAC, an unknown folder and another user\'s phone', async () => {
    const unknownMac = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c0000ff.xml`);
    const unknownFolder = await raw(p.base, 'GET', `/provision/unknown-folder-token-0000000/acme0a0b0c000001.xml`);
    const otherUsers = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c000002.xml`);
    const unknownFile = await raw(p.base, 'GET', `/provision/${alice.provision_token}/nothing.cfg`);

    for (const res of [unknownMac, unknownFolder, otherUsers, unknownFile]) {
      expect(res.status).toBe(404);
      expect(res.body).toBe(unknownMac.body);
      expect(res.headers['content-length']).toBe(unknownMac.headers['content-length']);
    }
  });

  it('serves common files under any valid folder, and only there', async () => {
    const underAlice = await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme-x2.cfg`);
    const underBob = await raw(p.base, 'GET', `/provision/${bob.provision_token}/acme-x2.cfg`);
    const underNobody = await raw(p.base, 'GET', `/provision/not-a-real-folder-token-000/acme-x2.cfg`);

    expect(underAlice.status).toBe(200);
    expect(underAlice.body).toContain('# Acme Acme X2 common');
    expect(underBob.body).toBe(underAlice.body);
    expect(underNobody.status).toBe(404);
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await raw(p.base, method, `/provision/${alice.provision_token}/acme0a0b0c000001.xml`);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });

  it('refuses traversal, encoded, backslash, NUL and over-long paths before any lookup', async () => {
    const t = alice.provision_token;
    const paths = [
      `/provision/${t}/../${t}/acme0a0b0c000001.xml`,
      `/provision/${t}/%2e%2e%2facme0a0b0c000001.xml`,
      `/provision/${t}/acme0a0b0c000001%2exml`,
      `/provision/${t}/..%5cacme0a0b0c000001.xml`,
      `/provision/${t}/a\\b.xml`,
      `/provision/${t}/${'a'.repeat(400)}.xml`,
    ];
    for (const path of paths) {
      const res = await raw(p.base, 'GET', path);
      expect([400, 404], path).toContain(res.status);
    }
    expect((await raw(p.base, 'GET', `/provision/${t}/%00.xml`)).status).toBe(400);
    expect((await raw(p.base, 'GET', `/provision/${t}/sub/acme0a0b0c000001.xml`)).status).toBe(404);
    expect((await raw(p.base, 'GET', `/other/${t}/acme0a0b0c000001.xml`)).status).toBe(404);
  });

  it('serves fresh bytes after the phone, its user or the network changes', async () => {
    const path = `/provision/${alice.provision_token}/acme0a0b0c000001.xml`;
    const before = await raw(p.base, 'GET', path);

    await p.store.updateUser(alice.id, (u) => ({ ...u, display_name: 'Alice Cooper' }));
    const afterUser = await raw(p.base, 'GET', path);
    await p.store.updatePhone(phone(alice, '0a0b0c000001').id, (q) => ({ ...q, preferred_transport: 'TLS' }));
    const afterPhone = await raw(p.base, 'GET', path);
    await p.store.putNetwork({ ...(await p.store.getNetwork()), private_ipv4: '10.0.0.9' });
    const afterNetwork = await raw(p.base, 'GET', path);

    expect(before.body).toContain('name="user');
    expect(afterUser.body).toContain('name="Alice Cooper"');
    expect(afterUser.headers.etag).not.toBe(before.headers.etag);
    expect(afterPhone.body).toContain('port="5061" transport="2"');
    expect(afterNetwork.body).toContain('server="10.0.0.9"');
  });

  it('stops serving a destroyed user\'s phones and an old folder after rotation at once', async () => {
    const path = `/provision/${alice.provision_token}/acme0a0b0c000001.xml`;
    expect((await raw(p.base, 'GET', path)).status).toBe(200);
    await p.store.updateUser(alice.id, (u) => ({ ...u, provision_token: 'rotated-folder-token-0000000001' }));
    expect((await raw(p.base, 'GET', path)).status).toBe(404);
    expect((await raw(p.base, 'GET', `/provision/rotated-folder-token-0000000001/acme0a0b0c000001.xml`)).status).toBe(200);

    await p.store.deleteUser(alice.id);

    expect((await raw(p.base, 'GET', `/provision/rotated-folder-token-0000000001/acme0a0b0c000001.xml`)).status).toBe(404);
  });

  it('records the last sighting at most once a minute per phone', async () => {
    const path = `/provision/${alice.provision_token}/acme0a0b0c000001.xml`;
    await raw(p.base, 'GET', path, { 'User-Agent': 'Acme-X1 1.0' });
    await raw(p.base, 'GET', path, { 'User-Agent': 'Acme-X1 2.0' });
    await new Promise((r) => setTimeout(r, 20));
    const first = await p.store.getPhoneByMac('0a0b0c000001' as Phone['mac']);

    p.clock.now += 61_000;
    await raw(p.base, 'GET', path, { 'User-Agent': 'Acme-X1 3.0' });
    await new Promise((r) => setTimeout(r, 20));
    const later = await p.store.getPhoneByMac('0a0b0c000001' as Phone['mac']);

    expect(first?.last_seen_user_agent).toBe('Acme-X1 1.0');
    expect(first?.last_seen_ip).toBe('127.0.0.1');
    expect(first?.last_seen_at).toBe('2026-03-01T10:00:00.000Z');
    expect(later?.last_seen_user_agent).toBe('Acme-X1 3.0');
  });

  it('counts requests by vendor and status and cache hits in /metrics text', async () => {
    const path = `/provision/${alice.provision_token}/acme0a0b0c000001.xml`;
    await raw(p.base, 'GET', path);
    await raw(p.base, 'GET', path);
    await raw(p.base, 'GET', `/provision/${alice.provision_token}/nope.cfg`);

    const text = p.metrics.render();

    expect(text).toContain('provd_phone_requests_total{protocol="http",status="200",vendor="acme"} 2');
    expect(text).toContain('provd_phone_requests_total{protocol="http",status="404",vendor="unknown"} 1');
    expect(text).toContain('provd_render_cache_total{result="hit"} 1');
  });

  it('never logs the folder token or the file body', async () => {
    await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c000001.xml`);
    const all = JSON.stringify(p.logs);
    expect(p.logs.some((l) => l.msg === 'served per-phone file')).toBe(true);
    expect(all).not.toContain(alice.provision_token);
    expect(all).not.toContain(alice.extension_password);
  });
});
