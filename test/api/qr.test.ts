/**
 * Softphone QR codes through the admin API: payload per app, PNG/SVG decoded back, parameter
 * bounds, no-store, audit lines, token issue and revocation (by an admin, by a password change).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { decodePng, decodeSvg } from '../helpers/qr-decode.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  await api.post('/api/network', { web_domain: 'pbx.example.com', private_ipv4: '10.0.0.5', sip_domain: 'sip.example.com' });
});
afterAll(() => api.close());

const qrPath = (id: string, query: Record<string, string>) => `/api/users/${id}/qrcode?${new URLSearchParams(query)}`;
const binary = async (path: string) => {
  const res = await fetch(api.baseUrl + path, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
};
const tokenOf = (url: string) => /\/qr\/([A-Za-z0-9_-]{43})$/.exec(url)![1]!;

describe('GET /api/users/{id}/qrcode', () => {
  it('answers each inline app payload as text, password included, no-store', async () => {
    const u = await createUser(api, { extension_number: '4101', extension_password: 'Pw-4101', preferred_transport: 'TLS', interface: 'PRIVATE_IPV4' });

    const portsip = await api.get(qrPath(u.id, { app: 'portsip', format: 'text' }));
    const acrobits = await api.get(qrPath(u.id, { app: 'acrobits', format: 'text' }));
    const wave = await api.get(qrPath(u.id, { app: 'grandstream-wave', format: 'text' }));
    const sipnetic = await api.get(qrPath(u.id, { app: 'sipnetic', format: 'text' }));

    for (const r of [portsip, acrobits, wave, sipnetic]) {
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    }
    expect(JSON.parse(portsip.text)).toMatchObject({ extension_password: 'Pw-4101', outbound_proxy: '10.0.0.5', transports: [{ protocol: 'TLS', port: 5061 }] });
    expect(acrobits.text).toBe('csc:4101:Pw-4101@ACME42');
    expect(wave.text).toContain('<OutboundServer>10.0.0.5:5061</OutboundServer>');
    expect(sipnetic.text).toContain(';dt=2;op=10.0.0.5:5061;');
  });

  it('PNG and SVG decode back to the text payload byte for byte', async () => {
    const u = await createUser(api, { display_name: 'Zoë 山田' });
    const text = (await api.get(qrPath(u.id, { app: 'portsip', format: 'text' }))).text;

    const png = await binary(qrPath(u.id, { app: 'portsip', format: 'png', size: '600', margin: '2' }));
    const svg = await binary(qrPath(u.id, { app: 'portsip', format: 'svg' }));

    expect(png.headers.get('content-type')).toBe('image/png');
    expect(decodePng(png.body).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(decodeSvg(svg.body.toString('utf8')).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('gives token apps a URL on the phone listener of the user\'s interface, with its expiry', async () => {
    const u = await createUser(api, { interface: 'WEB_DOMAIN' });

    const res = await api.get(qrPath(u.id, { app: 'linphone', format: 'text', ttl: '3600' }));

    expect(res.text).toMatch(/^https:\/\/pbx\.example\.com:8443\/qr\/[A-Za-z0-9_-]{43}$/);
    const expires = Date.parse(res.headers.get('x-token-expires')!);
    expect(Math.abs(expires - (Date.now() + 3_600_000))).toBeLessThan(5_000);
    expect(res.text).not.toContain('ExtPass-1');
  });

  it.each([
    [{ app: 'skype' }, 'app'],
    [{ app: 'portsip', format: 'gif' }, 'format'],
    [{ app: 'portsip', size: '63' }, 'size'],
    [{ app: 'portsip', size: '2049' }, 'size'],
    [{ app: 'portsip', size: '12px' }, 'size'],
    [{ app: 'portsip', margin: '17' }, 'margin'],
    [{ app: 'linphone', ttl: '59' }, 'ttl'],
    [{ app: 'linphone', ttl: '604801' }, 'ttl'],
    [{ app: 'portsip', colour: 'red' }, 'colour'],
    [{}, 'app'],
  ])('400 PROV_ERR_VALIDATION naming the field for %j', async (query, field) => {
    const u = await createUser(api);

    const res = await api.get(qrPath(u.id, query as Record<string, string>));

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_VALIDATION');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a parameter given twice', async () => {
    const u = await createUser(api);

    const res = await api.get(`/api/users/${u.id}/qrcode?app=portsip&size=100&size=200`);

    expect([res.status, res.body.errors[0].field]).toStrictEqual([400, 'size']);
  });

  it('404 for an unknown user, 405 for another method', async () => {
    expect((await api.get(qrPath('nope', { app: 'portsip' }))).body.code).toBe('PROV_ERR_USER_NOT_FOUND');
    expect((await api.post(qrPath('nope', { app: 'portsip' }), {})).status).toBe(405);
  });

  it('writes an audit line naming the app, never the payload', async () => {
    const u = await createUser(api, { extension_password: 'Audit-Secret-9' });

    await api.get(qrPath(u.id, { app: 'sipnetic', format: 'text' }));

    const line = api.logs().split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((l) => l.audit === 'qr_code' && l.user === u.id);
    expect(line).toMatchObject({ actor: 'admin', method: 'GET', path: `/api/users/${u.id}/qrcode`, app: 'sipnetic', status: 200 });
    expect(api.logs()).not.toContain('Audit-Secret-9');
  });
});

describe('QR tokens', () => {
  it('POST .../qrcode/revoke ends every outstanding token of the user and says how many', async () => {
    const u = await createUser(api);
    const other = await createUser(api);
    const mine = [await api.get(qrPath(u.id, { app: 'linphone', format: 'text' })), await api.get(qrPath(u.id, { app: 'zoiper', format: 'text' }))];
    const theirs = await api.get(qrPath(other.id, { app: 'zoiper', format: 'text' }));

    const res = await api.post(`/api/users/${u.id}/qrcode/revoke`);

    expect([res.status, res.body, res.headers.get('cache-control')]).toStrictEqual([200, { revoked: 2 }, 'no-store']);
    for (const r of mine) expect(await api.qr.configuration(tokenOf(r.text))).toBeUndefined();
    expect((await api.qr.configuration(tokenOf(theirs.text)))?.body).toContain('<username>');
  });

  it('a change of the extension password ends every token of the user, those from before other changes too', async () => {
    const u = await createUser(api);
    const kept = tokenOf((await api.get(qrPath(u.id, { app: 'linphone', format: 'text' }))).text);
    await api.request('PATCH', `/api/users/${u.id}`, { display_name: 'Renamed', extension_password: 'ExtPass-1' });
    const spent = tokenOf((await api.get(qrPath(u.id, { app: 'linphone', format: 'text' }))).text);

    await api.post(`/api/users/${u.id}/extension_password`, { extension_password: 'New-Ext-Pass-2' });

    expect(await api.qr.configuration(spent)).toBeUndefined();
    expect(await api.qr.configuration(kept)).toBeUndefined();
  });

  it('a change that keeps the password keeps the tokens', async () => {
    const u = await createUser(api);
    const token = tokenOf((await api.get(qrPath(u.id, { app: 'zoiper', format: 'text' }))).text);

    await api.request('PATCH', `/api/users/${u.id}`, { display_name: 'Renamed' });

    expect((await api.qr.configuration(token))?.body).toContain('<name>Renamed</name>');
  });

  it('destroying the user ends its tokens', async () => {
    const u = await createUser(api);
    await api.get(qrPath(u.id, { app: 'zoiper', format: 'text' }));

    await api.request('DELETE', `/api/users/${u.id}`);

    expect(await api.qrTokens.revokeUser(u.id)).toBe(0);
  });
});
