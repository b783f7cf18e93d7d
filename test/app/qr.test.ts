/**
 * The QR wiring of the whole server (createApp) on its SQLite store: a QR code's URL, fetched as
 * it stands from the phone listener, answers once; the token outlives a restart; a password
 * change through the API ends it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { raw } from '../helpers/raw-http.js';

let server: AppServer;
let userId: string;
beforeAll(async () => {
  server = await startAppServer({ PROV_QR_TOKEN_TTL: '120', PROV_QR_ACROBITS_CLOUD_ID: 'PROVD1' });
  await server.api('POST', '/api/network', { private_ipv4: '127.0.0.1' });
  const user = await server.api('POST', '/api/users', { name: 'qr-alice', extension_number: '7101', extension_password: 'Qr-Secret-1', interface: 'PRIVATE_IPV4' });
  userId = user.body.id;
});
afterAll(() => server.stop());

/** GET of a token URL's path on the current phone listener (a new connection each time: the server restarts). */
const phoneGet = (url: string) => raw(`http://127.0.0.1:${server.running.ports.http}`, 'GET', new URL(url).pathname, { connection: 'close' });

const qrText = async (app: string) => {
  const res = await server.api('GET', `/api/users/${userId}/qrcode?app=${app}&format=text`);
  return { text: res.body as string, expires: res.headers.get('x-token-expires') };
};

describe('QR codes in the running server', () => {
  it('serves the token URL of a QR code on the phone listener once, with the configured lifetime', async () => {
    const { text: url, expires } = await qrText('linphone');

    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.running.ports.http}/qr/[A-Za-z0-9_-]{43}$`));
    expect(Math.abs(Date.parse(expires!) - Date.now() - 120_000)).toBeLessThan(5_000);
    const first = await phoneGet(url);
    expect([first.status, first.body]).toStrictEqual([200, expect.stringContaining('<entry name="passwd" overwrite="true">Qr-Secret-1</entry>')]);
    expect((await phoneGet(url)).status).toBe(410);
  });

  it('uses the configured Acrobits Cloud ID', async () => {
    expect((await qrText('acrobits')).text).toBe('csc:7101:Qr-Secret-1@PROVD1');
  });

  it('keeps a token across a restart (SQLite), and a password change ends it', async () => {
    const kept = (await qrText('zoiper')).text;
    const ended = (await qrText('zoiper')).text;

    await server.restart();
    const afterRestart = await phoneGet(kept);
    await server.api('POST', `/api/users/${userId}/extension_password`, { extension_password: 'Qr-Secret-2' });
    const afterChange = await phoneGet(ended);

    expect([afterRestart.status, afterRestart.body]).toStrictEqual([200, expect.stringContaining('<password>Qr-Secret-1</password>')]);
    expect(afterChange.status).toBe(410);
  });
});
