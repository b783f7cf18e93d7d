/**
 * The web console end to end (issue 13 §2): the whole server on SQLite in this process, Debian's
 * chromium driven by playwright-core. Signs in from the keyboard, creates a user and a phone,
 * previews the phone's file (secrets masked until revealed), changes the extension password and
 * sees the file change, resyncs the phone once it was seen (a UDP SIP responder plays it), assigns an unknown device, shows a QR code, saves network settings,
 * deletes; at 1280 and 390 px, with a screenshot per page in a temp folder (printed). Any browser
 * console error or page error fails the test. Needs `npm run build` (the compiled browser modules).
 */
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasChromium, launchChromium, openPage, type WatchedPage } from '../helpers/browser.js';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { decodePng } from '../helpers/qr-decode.js';
import { raw } from '../helpers/raw-http.js';
import { ROOT } from '../helpers/server-process.js';

const MAC = '001565c0ffee';
/** Evaluated in the page (this file is compiled without the DOM library): ids of inputs no label names. */
const UNLABELLED_INPUTS = "[...document.querySelectorAll('input, select')].filter((e) => e.labels.length === 0).map((e) => e.id)";
const SHOTS = mkdtempSync(join(tmpdir(), 'provd-console-shots-'));

// A browser on a loaded 2-core box: steps get 45 s (playwright's own waits stop at 15 s, with their message).
describe.runIf(hasChromium())('web console in chromium', { timeout: 45_000 }, () => {
  let app: AppServer;
  let browser: Browser;
  let wide: WatchedPage;
  let page: Page;
  let base: string;
  /** The phone's SIP side: answers every NOTIFY 200 and keeps their Event headers. */
  let sip: Socket;
  const events: string[] = [];
  const shot = (p: Page, width: number, name: string) => p.screenshot({ path: join(SHOTS, `${width}-${name}.png`), fullPage: true });

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'console', 'web', 'main.js'))) throw new Error('dist/console/web/main.js is missing: run npm run build first');
    console.log(`console screenshots: ${SHOTS}`);
    sip = await sipResponder(events);
    [app, browser] = await Promise.all([startAppServer({ PROV_RESYNC_SIP_PORT: String(sip.address().port) }), launchChromium()]);
    base = `http://127.0.0.1:${app.running.ports.api}`;
    wide = await openPage(browser, 1280);
    page = wide.page;
  });
  afterEach(() => expect(wide.errors()).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    sip?.close();
  });

  it('serves the page and its modules with a strict Content-Security-Policy and no inline script', async () => {
    const index = await fetch(`${base}/`);
    const html = await index.text();
    const script = await fetch(`${base}/console/main.js`);
    const csp = index.headers.get('content-security-policy') ?? '';

    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await raw(base, 'GET', '/console/../data/admin-token')).status).toBe(404);
    expect((await raw(base, 'GET', '/console/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await fetch(`${base}/api/users`)).status).toBe(401);
  });

  it('signs in from the keyboard: Tab reaches the token field, a wrong token is named there, Enter submits', async () => {
    await page.goto(`${base}/`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null");
    await shot(page, 1280, 'sign-in');
    await page.keyboard.type('not-the-token');
    await wide.expectFailedRequest(401, '/api/vendors', () => page.keyboard.press('Enter'));
    const refused = await page.locator('#sign-in-token-error').textContent();
    await page.getByLabel('API token').fill(app.running.adminToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    expect(focused).toBe('token');
    expect(refused).toContain('not a valid API token');
    expect(page.url()).not.toContain(app.running.adminToken);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('provd.token')")).toBe(app.running.adminToken);
  });

  it('creates a user, showing the API\'s error next to the field it names first', async () => {
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Display name').fill('Alice Smith');
    await page.getByLabel('Extension number').fill('not a number');
    await page.getByLabel('Extension password', { exact: true }).fill('Old-Secret-101');
    await wide.expectFailedRequest(400, '/api/users', () => page.getByRole('button', { name: 'Create user' }).click());
    const error = await page.locator('#user-extension_number-error').textContent();
    const invalid = await page.getByLabel('Extension number').getAttribute('aria-invalid');
    await shot(page, 1280, 'user-new-error');
    await page.getByLabel('Extension number').fill('101');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('heading', { name: /^Phones of Alice Smith/ }).waitFor();

    expect(error).toBeTruthy();
    expect(invalid).toBe('true');
    expect((await app.api('GET', '/api/users?search=alice')).body.items[0]).toMatchObject({ name: 'alice', extension_number: '101', display_name: 'Alice Smith' });
  });

  it('adds a phone with the vendor and model pickers and previews its file with the secrets masked until revealed', async () => {
    await page.getByLabel('MAC address').fill('00:15:65:C0:FF:EE');
    await page.getByLabel('Vendor', { exact: true }).selectOption('yealink');
    await page.getByLabel('Model').selectOption('T46U');
    await page.getByRole('button', { name: 'Add phone' }).click();
    await page.getByRole('link', { name: `Files of ${MAC}` }).waitFor();
    await shot(page, 1280, 'user-phones');
    await page.getByRole('link', { name: `Files of ${MAC}` }).click();
    await page.getByRole('button', { name: `${MAC}.cfg` }).click();
    const preview = page.getByLabel('File contents');
    await expect.poll(() => preview.textContent()).toContain('account.1');
    const masked = await preview.textContent();
    await shot(page, 1280, 'phone-files-masked');
    await page.getByRole('button', { name: 'Reveal secrets' }).click();
    await expect.poll(() => preview.textContent()).toContain('Old-Secret-101');

    expect(masked).not.toContain('Old-Secret-101');
    expect(masked).toContain('********');
  });

  it('changes the extension password on the user page and the phone\'s file changes', async () => {
    await page.goto(`${base}/#/users`);
    await page.getByRole('link', { name: 'alice', exact: true }).click();
    await page.getByLabel('New extension password').fill('New-Secret-202');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('saved');
    await shot(page, 1280, 'user-edit');
    await page.goto(`${base}/#/phones/${MAC}`);
    await page.getByRole('button', { name: `${MAC}.cfg` }).click();
    await page.getByRole('button', { name: 'Reveal secrets' }).click();
    const preview = page.getByLabel('File contents');
    await expect.poll(() => preview.textContent()).toContain('New-Secret-202');

    expect(await preview.textContent()).not.toContain('Old-Secret-101');
  });

  it('resyncs a phone from its row once the phone was seen, and says whether it answered', async () => {
    const folder = ((await app.api('GET', `/api/phones/${MAC}`)).body.url as string).split('/')[4]!;
    const userId = (await app.api('GET', `/api/phones/${MAC}/assignee`)).body.id as string;
    await page.goto(`${base}/#/users/${userId}/phones`);
    await page.getByRole('link', { name: `Files of ${MAC}` }).waitFor();
    const unseen = await page.getByRole('button', { name: `Resync ${MAC}` }).count();
    await raw(`http://127.0.0.1:${app.running.ports.http}`, 'GET', `/provision/${folder}/${MAC}.cfg`, { 'user-agent': 'Yealink SIP-T46U 108.86.0.20 00:15:65:c0:ff:ee' });
    await vi.waitFor(async () => expect((await app.api('GET', `/api/phones/${MAC}`)).body.ip).toBe('127.0.0.1'), { timeout: 5_000, interval: 20 });
    await page.reload();
    await page.getByRole('button', { name: `Resync ${MAC}` }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('the phone answered');

    expect(unseen).toBe(0);
    expect(events).toEqual(['check-sync;reboot=false']);
  });

  it('lists phones, assigns an unknown device, shows a QR code and saves the network settings', async () => {
    const folder = ((await app.api('GET', `/api/phones/${MAC}`)).body.url as string).split('/')[4]!;
    await raw(`http://127.0.0.1:${app.running.ports.http}`, 'GET', `/provision/${folder}/001565c0ff01.cfg`, { 'user-agent': 'Yealink SIP-T46U 108.86.0.20 00:15:65:c0:ff:01' });
    await vi.waitFor(async () => expect((await app.api('GET', '/api/unknown_phones')).body.count).toBe(1), { timeout: 5_000, interval: 20 });

    await page.goto(`${base}/#/phones`);
    await page.getByRole('link', { name: `Files of ${MAC}` }).waitFor();
    await shot(page, 1280, 'phones');
    await page.getByRole('link', { name: 'Unknown devices' }).click();
    await page.getByRole('button', { name: 'Assign 001565c0ff01' }).click();
    await page.getByLabel('Model').selectOption('T46U');
    await shot(page, 1280, 'unknown');
    await page.getByRole('button', { name: 'Assign 001565c0ff01' }).last().click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('assigned');

    await page.goto(`${base}/#/users`);
    await page.getByRole('link', { name: 'QR codes of alice' }).click();
    await page.getByLabel('App').selectOption('linphone');
    await page.getByRole('button', { name: 'Show QR code' }).click();
    const qr = page.getByRole('img', { name: /QR code for Linphone/ });
    await qr.waitFor();
    await expect.poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const payload = decodePng(await qr.screenshot()).toString('utf8'); // what the admin's phone camera would read
    await shot(page, 1280, 'qr');

    await page.getByRole('link', { name: 'Network' }).click();
    await page.getByLabel('Private IPv4 address').fill('300.1.1.1');
    await wide.expectFailedRequest(400, '/api/network', () => page.getByRole('button', { name: 'Save' }).click());
    const ipError = await page.locator('#network-private_ipv4-error').textContent();
    await page.getByLabel('Private IPv4 address').fill('192.0.2.10');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('saved');
    await shot(page, 1280, 'network');

    expect((await app.api('GET', '/api/phones/001565c0ff01')).body).toMatchObject({ vendor: 'yealink', model: 'T46U', extension_number: '101' });
    expect(payload).toMatch(/^https?:\/\/[^/]+\/qr\/[A-Za-z0-9_-]{16,}/);
    expect(ipError).toContain('IPv4');
    expect((await app.api('GET', '/api/network')).body.private_ipv4).toBe('192.0.2.10');
  });

  it('fits every page into 390 px with labelled inputs', async () => {
    const narrow = await openPage(browser, 390);
    await narrow.page.goto(`${base}/`);
    await narrow.page.getByLabel('API token').fill(app.running.adminToken);
    await narrow.page.getByRole('button', { name: 'Sign in' }).click();
    const userId = (await app.api('GET', '/api/users?search=alice')).body.items[0].id as string;
    const routes: [string, string, string][] = [
      ['users', '/users', 'Users'], ['user-new', '/users/new', 'New user'], ['user-edit', `/users/${userId}`, 'User alice'],
      ['user-phones', `/users/${userId}/phones`, 'Phones of'], ['qr', `/users/${userId}/qr`, 'QR codes of'], ['phones', '/phones', 'Phones'],
      ['phone-files', `/phones/${MAC}`, 'Files of'], ['unknown', '/unknown', 'Unknown devices'], ['network', '/network', 'Network settings'],
    ];
    const problems: string[] = [];
    for (const [name, route, heading] of routes) {
      await narrow.page.goto(`${base}/#${route}`);
      await narrow.page.locator('main[aria-busy="false"] h1', { hasText: heading }).waitFor();
      const overflow = await narrow.page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      const unlabelled = await narrow.page.evaluate<string[]>(UNLABELLED_INPUTS);
      if (overflow > 0) problems.push(`${name}: ${overflow}px too wide`);
      if (unlabelled.length) problems.push(`${name}: inputs without a label: ${unlabelled.join(', ')}`);
      await shot(narrow.page, 390, name);
    }
    await narrow.page.close();

    expect(problems).toEqual([]);
    expect(narrow.errors()).toEqual([]);
  });

  it('deletes the user and its phones', async () => {
    await page.goto(`${base}/#/users`);
    await page.getByRole('button', { name: 'Delete alice' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('deleted');
    await shot(page, 1280, 'users-after-delete');

    expect((await app.api('GET', '/api/users')).body.count).toBe(0);
    expect((await app.api('GET', `/api/phones/${MAC}`)).status).toBe(404);
  });
});

/** A UDP socket on 127.0.0.1 playing a phone's SIP stack: each NOTIFY answered 200 OK (RFC 3261 §8.2.6 headers copied). */
async function sipResponder(events: string[]): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, from) => {
    const text = msg.toString('utf8');
    if (!text.startsWith('NOTIFY ')) return;
    const header = (name: string) => text.split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    events.push(header('Event')[0]!.slice('Event:'.length).trim());
    const copied = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].flatMap(header);
    socket.send(['SIP/2.0 200 OK', ...copied, 'Content-Length: 0', '', ''].join('\r\n'), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}
