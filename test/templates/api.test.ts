/**
 * Templates edited over the API in the whole server (createApp on SQLite, issue 14 §4): an
 * accepted edit changes the file a phone fetches over real HTTP; refused edits (syntax, a key
 * strict mode does not know, XML not well-formed, a secret in a first stage) answer 400 with a
 * code and store nothing; versions, revert, If-Match, SystemAdmin only, audit lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { raw } from '../helpers/raw-http.js';

const MAC = '001565a1b2c3';
const DEVICE = '/api/templates/yealink/device.hbs';

describe('templates over the API (SQLite)', () => {
  let server: AppServer;
  let folder: string;
  let shipped: string;

  beforeAll(async () => {
    server = await startAppServer({});
    const user = await server.api('POST', '/api/users', { name: 'tpl-alice', extension_number: '7401', extension_password: 'Tpl-Secret-1' });
    const phone = await server.api('POST', `/api/users/${user.body.id}/phones`, { mac: MAC, vendor: 'yealink', model: 'T46U' });
    expect([user.status, phone.status]).toStrictEqual([201, 201]);
    folder = user.body.provision_token;
    shipped = (await server.api('GET', DEVICE)).body.text;
  });
  afterAll(() => server.stop());

  /** The phone's file over HTTP, on a new connection (the server restarts in one test). */
  const fetchDevice = async () => {
    const res = await raw(`http://127.0.0.1:${server.running.ports.http}`, 'GET', `/provision/${folder}/${MAC}.cfg`, { connection: 'close' });
    expect(res.status).toBe(200);
    return res.body;
  };

  it('answers the shipped file as version 0 with its ETag, and lists the vendor files', async () => {
    const res = await server.api('GET', DEVICE);
    const list = await server.api('GET', '/api/templates/yealink');

    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"v0"');
    expect(res.body).toMatchObject({ vendor: 'yealink', file: 'device.hbs', kind: 'template', version: 0, source: 'shipped', author_id: null });
    expect(res.body.text).toContain('account.1.');
    expect(list.body.items.map((f: { file: string }) => f.file)).toStrictEqual(expect.arrayContaining(['common.hbs', 'device.hbs', 'device-bootstrap.hbs']));
    expect(list.body.items[0]).not.toHaveProperty('text');
  });

  it('puts an accepted edit in service: the phone fetches the new file over HTTP', async () => {
    const before = await fetchDevice();
    const res = await server.api('PUT', DEVICE, { text: `${shipped}\n# edited-over-the-api-1\n` }, { 'if-match': '"v0"' });

    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(res.body).toMatchObject({ version: 1, source: 'edited', author_id: 'bootstrap', author_name: 'admin' });
    expect(before).not.toContain('edited-over-the-api-1');
    expect(await fetchDevice()).toContain('# edited-over-the-api-1');
    expect(server.logs().some((l) => l.audit === 'template_version' && l.file === 'device.hbs' && l.version === 1)).toBe(true);
    expect(server.logs().some((l) => l.audit === 'api_write' && l.resource === 'yealink/device.hbs' && l.status === 200)).toBe(true);
  });

  it('refuses a syntax error with 400, its line, and stores nothing', async () => {
    const res = await server.api('PUT', DEVICE, { text: '#!version:1.0.0.1\n{{#if account}}\n' });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_TEMPLATE_REJECTED');
    expect(res.body.message).toContain('Parse error on line 3');
    expect(res.body.errors[0].field).toBe('text');
    await expectUnchanged(1);
  });

  it('refuses a key strict mode does not know with 400 naming it, and stores nothing', async () => {
    const res = await server.api('PUT', DEVICE, { text: `${shipped}\nx = {{user.no_such_field}}\n` });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROV_ERR_TEMPLATE_REJECTED');
    expect(res.body.message).toMatch(/"no_such_field" not defined .*\(line \d+, column \d+\)/);
    await expectUnchanged(1);
  });

  it('refuses an xml template whose output is not well-formed, and a first stage writing a password', async () => {
    const xml = await server.api('PUT', '/api/templates/snom/device.hbs', { text: '<?xml version="1.0"?>\n<settings><a></settings>\n' });
    const leak = await server.api('PUT', '/api/templates/yealink/device-bootstrap.hbs', { text: 'account.1.password = {{account.password}}\n' });

    expect([xml.status, xml.body.code]).toStrictEqual([400, 'PROV_ERR_TEMPLATE_REJECTED']);
    expect(xml.body.message).toContain('not well-formed XML');
    expect([leak.status, leak.body.code]).toStrictEqual([400, 'PROV_ERR_TEMPLATE_LEAKS_SECRET']);
    expect((await server.api('GET', '/api/templates/snom/device.hbs/versions')).body.count).toBe(1);
    expect((await server.api('GET', '/api/templates/yealink/device-bootstrap.hbs')).body.version).toBe(0);
  });

  it('answers 412 when If-Match names another version, and stores nothing', async () => {
    const res = await server.api('PUT', DEVICE, { text: `${shipped}\n# stale\n` }, { 'if-match': '"v0"' });

    expect(res.status).toBe(412);
    expect(res.body.code).toBe('PROV_ERR_TEMPLATE_VERSION_MISMATCH');
    await expectUnchanged(1);
  });

  it('lists versions and reverts to the shipped file and to an older edit, each as a new version', async () => {
    await server.api('PUT', DEVICE, { text: `${shipped}\n# edited-over-the-api-2\n` }, { 'if-match': '"v1"' });
    const toShipped = await server.api('POST', `${DEVICE}/revert`, { version: 0 }, { 'if-match': '"v2"' });
    const afterShipped = await fetchDevice();
    const toFirst = await server.api('POST', `${DEVICE}/revert`, { version: 1 });
    const versions = await server.api('GET', `${DEVICE}/versions`);

    expect(toShipped.status).toBe(200);
    expect(toShipped.body).toMatchObject({ version: 3, source: 'shipped', reverted_from: 0, text: shipped });
    expect(afterShipped).not.toContain('edited-over-the-api');
    expect(toFirst.body).toMatchObject({ version: 4, source: 'edited', reverted_from: 1 });
    expect(await fetchDevice()).toContain('# edited-over-the-api-1');
    expect(versions.body.items.map((v: { version: number; source: string }) => `${v.version}:${v.source}`)).toStrictEqual(['0:shipped', '1:edited', '2:edited', '3:shipped', '4:edited']);
    expect(versions.body.items[4].sha256).toBe(versions.body.items[1].sha256);
    expect(versions.body.items[3].sha256).toBe(versions.body.items[0].sha256);
    expect(versions.body.items[0]).not.toHaveProperty('text');
    const second = await server.api('GET', `${DEVICE}/versions/2`);
    expect([second.status, second.headers.get('etag'), second.body.version]).toStrictEqual([200, '"v2"', 2]);
    expect(second.body.text).toContain('# edited-over-the-api-2');
    expect((await server.api('GET', `${DEVICE}/versions/0`)).body.text).toBe(shipped);
    expect((await server.api('GET', `${DEVICE}/versions/9`)).body.code).toBe('PROV_ERR_TEMPLATE_NOT_FOUND');
  });

  it('refuses a revert to a version the file does not have, naming the field', async () => {
    const res = await server.api('POST', `${DEVICE}/revert`, { version: 99 });

    expect([res.status, res.body.code, res.body.errors[0].field]).toStrictEqual([400, 'PROV_ERR_VALIDATION', 'version']);
  });

  it('addresses partials by their path with the slash encoded, and answers 404 for a file not shipped', async () => {
    const partial = await server.api('GET', '/api/templates/fanvil/partials%2Fdesk-key.hbs');
    const missing = await server.api('GET', '/api/templates/yealink/nope.hbs');
    const vendor = await server.api('GET', '/api/templates/acme/device.hbs');
    const outside = await server.api('GET', '/api/templates/yealink/..%2F..%2Fpackage.json');
    const descriptor = await server.api('PUT', '/api/templates/yealink/vendor.json', { text: '{}' });

    expect([partial.status, partial.body.kind, partial.body.file]).toStrictEqual([200, 'partial', 'partials/desk-key.hbs']);
    expect([missing.status, missing.body.code]).toStrictEqual([404, 'PROV_ERR_TEMPLATE_NOT_FOUND']);
    expect([vendor.status, vendor.body.code]).toStrictEqual([400, 'PROV_ERR_VENDOR_UNKNOWN']);
    expect([outside.status, outside.body.code]).toStrictEqual([404, 'PROV_ERR_TEMPLATE_NOT_FOUND']);
    expect([descriptor.status, descriptor.body.code]).toStrictEqual([404, 'PROV_ERR_TEMPLATE_NOT_FOUND']);
  });

  it('is for SystemAdmin only: an Admin token gets 403 on reads and writes', async () => {
    const admin = await server.api('POST', '/api/tokens', { name: 'tpl-ops', role: 'Admin' });
    const auth = { authorization: `Bearer ${admin.body.token}` };

    expect((await server.api('GET', DEVICE, undefined, auth)).status).toBe(403);
    expect((await server.api('PUT', DEVICE, { text: 'x' }, auth)).status).toBe(403);
    await expectUnchanged(4);
  });

  it('keeps the edit in service after a reload (SIGHUP) and a restart', async () => {
    await server.running.reload();
    expect(await fetchDevice()).toContain('# edited-over-the-api-1');

    await server.restart();

    expect(await fetchDevice()).toContain('# edited-over-the-api-1');
  });

  async function expectUnchanged(version: number) {
    const res = await server.api('GET', DEVICE);
    expect(res.body.version).toBe(version);
    expect((await server.api('GET', `${DEVICE}/versions`)).body.count).toBe(version + 1);
  }
});
