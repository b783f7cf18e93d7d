/**
 * The whole server serving phonebooks: real HTTP (curl) and TFTP (curl tftp://) clients against
 * createApp with the real templates. A user added over the API is in the next fetch; the files
 * are well-formed (xmllint); device files point at them; TFTP and scope rules hold.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { curl } from '../helpers/curl.js';
import { freePort } from '../helpers/free-port.js';
import { hasTool } from '../helpers/system-tool.js';

const XMLLINT = hasTool('xmllint', ['--version'], 'REQUIRE_XMLLINT', 'libxml2-utils');
const dir = mkdtempSync(join(tmpdir(), 'provd-phonebook-serve-'));
/** Every directory file of the real templates, by vendor. */
const FILES = { yealink: 'yealink-phonebook.xml', grandstream: 'phonebook.xml', snom: 'snom-phonebook.xml', fanvil: 'fanvil-phonebook.xml', poly: '000000000000-directory.xml', cisco: 'cisco-phonebook.xml' };

function tftpGet(port: number, name: string): Promise<{ ok: boolean; body: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '5', `tftp://127.0.0.1:${port}/${name}`], { encoding: 'utf8' }, (err, stdout) => resolve({ ok: !err, body: stdout }));
  });
}

async function addUser(app: AppServer, body: Record<string, unknown>): Promise<{ id: string; provision_token: string }> {
  const res = await app.api('POST', '/api/users', { extension_password: 'Secret-pw-1', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('phonebook, scope all, TFTP open to 127.0.0.1', () => {
  let app: AppServer;
  let tftpPort: number;
  let alice: { id: string; provision_token: string };
  let base: string;
  beforeAll(async () => {
    tftpPort = await freePort();
    app = await startAppServer({ PROV_STORE: 'memory', PROV_TFTP_PORT: String(tftpPort), PROV_TFTP_HOST: '127.0.0.1', PROV_TFTP_ALLOW: '127.0.0.1/32' });
    await app.api('POST', '/api/network', { private_ipv4: '127.0.0.1' });
    alice = await addUser(app, { name: 'alice', extension_number: '201', display_name: 'Alice <Admin> & Co', department: 'Sales', mobile_phone: '+49 170 2010' });
    const phone = await app.api('POST', `/api/users/${alice.id}/phones`, { mac: '00:15:65:20:10:01', vendor: 'yealink', model: 'T46U', interface: 'PRIVATE_IPV4' });
    expect(phone.status).toBe(201);
    base = `http://127.0.0.1:${app.running.ports.http}/provision/${alice.provision_token}/`;
  });
  afterAll(() => app?.stop());

  it("points the phone's device file at the phonebook URL under its folder, and that URL answers it", async () => {
    const device = await curl(`${base}001565201001.cfg`);
    expect(device.status).toBe(200);
    const url = /^remote_phonebook\.data\.1\.url = (\S+)$/m.exec(device.body)?.[1];
    expect(url).toBe(`http://127.0.0.1:${app.running.ports.http}/provision/${alice.provision_token}/yealink-phonebook.xml`);
    const book = await curl(url!);
    expect(book.status).toBe(200);
    expect(book.body).toContain('<Name>Alice &lt;Admin&gt; &amp; Co</Name>');
    expect(book.body).toContain('<Telephone>+49 170 2010</Telephone>');
  });

  it('lists a user added over the API in the very next fetch, and drops a disabled one', async () => {
    const before = await curl(`${base}yealink-phonebook.xml`);
    expect(before.body).not.toContain('Bob Builder');
    const bob = await addUser(app, { name: 'bob', extension_number: '202', display_name: 'Bob Builder' });
    const after = await curl(`${base}yealink-phonebook.xml`);
    expect(after.status).toBe(200);
    expect(after.body).toContain('<Name>Bob Builder</Name>');
    expect(after.body).toContain('<Telephone>202</Telephone>');
    expect((await app.api('PATCH', `/api/users/${bob.id}`, { enabled: false })).status).toBe(200);
    expect((await curl(`${base}yealink-phonebook.xml`)).body).not.toContain('Bob Builder');
  });

  it.skipIf(!XMLLINT)('serves every vendor phonebook well-formed (xmllint) under the folder, with an XML content type', async () => {
    const paths: string[] = [];
    for (const [vendor, name] of Object.entries(FILES)) {
      const res = await curl(`${base}${name}`, ['-D', '-']);
      expect(res.status, name).toBe(200);
      expect(res.body, name).toMatch(/content-type: application\/xml; charset=utf-8/i);
      const xml = res.body.slice(res.body.indexOf('<?xml'));
      expect(xml, name).toContain('201');
      const path = join(dir, `${vendor}-${name}`);
      writeFileSync(path, xml);
      paths.push(path);
    }
    const lint = spawnSync('xmllint', ['--noout', ...paths], { encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('answers a repeated fetch with 304 by its ETag until a user changes', async () => {
    const first = await curl(`${base}snom-phonebook.xml`, ['-D', '-']);
    const etag = /^etag: (\S+)\r?$/im.exec(first.body)?.[1];
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect((await curl(`${base}snom-phonebook.xml`, ['-H', `If-None-Match: ${etag}`])).status).toBe(304);
    await addUser(app, { name: 'dora', extension_number: '204', display_name: 'Dora Etag' });
    const changed = await curl(`${base}snom-phonebook.xml`, ['-H', `If-None-Match: ${etag}`]);
    expect(changed.status).toBe(200);
    expect(changed.body).toContain('<Name>Dora Etag</Name>');
  });

  it('refuses a phonebook under an unknown folder with the uniform 404', async () => {
    const res = await curl(`http://127.0.0.1:${app.running.ports.http}/provision/NoSuchFolderNoSuchFolder/yealink-phonebook.xml`);
    expect(res.status).toBe(404);
    expect(res.body).toBe('Not Found\n');
  });

  it('serves the phonebook over TFTP to a trusted source, by the name the phone asks for, and keeps it current', async () => {
    const first = await tftpGet(tftpPort, 'phonebook.xml');
    expect(first.ok).toBe(true);
    expect(first.body).toContain('<FirstName>Alice &lt;Admin&gt; &amp; Co</FirstName>');
    await addUser(app, { name: 'carol', extension_number: '203', display_name: 'Carol TFTP' });
    expect((await tftpGet(tftpPort, 'phonebook.xml')).body).toContain('<FirstName>Carol TFTP</FirstName>');
  });
});

describe('phonebook, scope department, TFTP not allowed', () => {
  let app: AppServer;
  let tftpPort: number;
  beforeAll(async () => {
    tftpPort = await freePort();
    app = await startAppServer({ PROV_STORE: 'memory', PROV_TFTP_PORT: String(tftpPort), PROV_TFTP_HOST: '127.0.0.1', PROV_PHONEBOOK_SCOPE: 'department' });
  });
  afterAll(() => app?.stop());

  it("lists only the folder user's department", async () => {
    const sales = await addUser(app, { name: 'sam', extension_number: '301', display_name: 'Sam Sales', department: 'Sales' });
    await addUser(app, { name: 'sue', extension_number: '302', display_name: 'Sue Sales', department: 'sales' });
    const ops = await addUser(app, { name: 'otto', extension_number: '303', display_name: 'Otto Ops', department: 'Ops' });
    const url = (token: string) => `http://127.0.0.1:${app.running.ports.http}/provision/${token}/cisco-phonebook.xml`;
    const salesBook = (await curl(url(sales.provision_token))).body;
    expect(salesBook).toContain('Sam Sales');
    expect(salesBook).toContain('Sue Sales');
    expect(salesBook).not.toContain('Otto Ops');
    const opsBook = (await curl(url(ops.provision_token))).body;
    expect(opsBook).toContain('Otto Ops');
    expect(opsBook).not.toContain('Sam Sales');
    // Otto moves to Sales: both books change at once.
    expect((await app.api('PATCH', `/api/users/${ops.id}`, { department: 'Sales' })).status).toBe(200);
    expect((await curl(url(sales.provision_token))).body).toContain('Otto Ops');
  });

  it('refuses the phonebook over TFTP (no folder, so no department; and the source is not trusted)', async () => {
    const res = await tftpGet(tftpPort, 'phonebook.xml');
    expect(res.ok).toBe(false);
    expect(res.body).toBe('');
  });
});
