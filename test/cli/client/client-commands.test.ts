/**
 * The API client commands run as the bin against a real server (SQLite, HTTPS on for its CA):
 * export and its round trip through import (secrets only with --with-secrets, SystemAdmin only),
 * users/phones list with the API's filter syntax, render, token create/list/revoke, ca, and where
 * the API and token come from (--api/--token, PROVD_API/PROVD_TOKEN, the admin token file).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../../helpers/app-server.js';
import { runProvd } from '../../helpers/cli.js';
import { freePort } from '../../helpers/free-port.js';

const CSV = [
  'name,extension_number,extension_password,password,voicemail_pin,display_name,phones',
  `alice,101,Ext-secret-101,Web-alice-1,135790,"Smith, Alice","[{""mac"":""00:15:65:aa:bb:01"",""vendor"":""yealink"",""model"":""T46U"",""password"":""Phone-web-1"",""settings"":{""lang.gui"":""German"",""ldap.password"":""Ldap-pw-1""}}]"`,
  `bob,102,Ext-secret-102,,,Bob,"[{""mac"":""0c:38:3e:63:fe:e8"",""vendor"":""fanvil"",""model"":""X4U"",""door_password1"":""1234""}]"`,
  '',
].join('\n');

describe('provd client commands', { timeout: 60_000 }, () => {
  let server: AppServer;
  let other: AppServer;
  let dir: string;
  let env: Record<string, string>;
  const envOf = (s: AppServer) => ({ PROVD_API: `http://127.0.0.1:${s.running.ports.api}`, PROVD_TOKEN: s.running.adminToken });
  /**
   * Every user and phone with its secrets, without what each server makes its own (ids, times,
   * tokens, and the phones' device passwords: server-generated, not client-settable, so not exported).
   */
  const records = async (s: AppServer) => {
    const users = (await s.api('GET', '/api/users?with_secrets=true&orderby=name')).body.items as Record<string, unknown>[];
    const phones = (await s.api('GET', '/api/phones?with_secrets=true&orderby=mac')).body.items as Record<string, unknown>[];
    const strip = ({ id: _i, user_id: _u, created_at: _c, updated_at: _d, provision_token: _p, url: _l, device_password: _dp, ...rest }: Record<string, unknown>) => rest;
    return { users: users.map(strip), phones: phones.map(strip) };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'provd-client-'));
    server = await startAppServer({ PROV_HTTPS_PORT: String(await freePort()), PROV_CERTS_DIR: join(dir, 'certs') });
    other = await startAppServer({});
    env = envOf(server);
    writeFileSync(join(dir, 'users.csv'), CSV);
    expect((await runProvd(['import', join(dir, 'users.csv')], env)).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await other?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports CSV without secrets by default, in the shape import reads', async () => {
    const run = await runProvd(['export'], env);

    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\r\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['name', 'extension_number', 'display_name', 'phones']));
    for (const secret of ['password', 'extension_password', 'voicemail_pin']) expect(header!.split(',')).not.toContain(secret);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^alice,.*"Smith, Alice".*""mac"":""00:15:65:aa:bb:01""/);
    expect(run.stdout).not.toMatch(/Ext-secret|Phone-web|Web-alice|135790|1234|Ldap-pw|\*{8}/);
    // Settings are exported; a secret-looking one's masked value is left out like the other secrets.
    expect(rows[0]).toContain('""settings"":{""lang.gui"":""German""}');
  });

  it('--with-secrets exports what re-imports into another server as the same records (JSON and CSV)', async () => {
    for (const name of ['all.json', 'all.csv']) {
      const file = join(dir, name);

      const exported = await runProvd(['export', file, '--with-secrets'], env);
      const imported = await runProvd(['import', file], envOf(other));

      expect(exported).toMatchObject({ code: 0, stderr: `exported 2 users and 2 phones with their secrets to ${file}\n` });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(imported.code).toBe(0);
      expect(await records(other)).toEqual(await records(server));
    }
    expect(readFileSync(join(dir, 'all.json'), 'utf8')).toContain('"extension_password": "Ext-secret-101"');
  });

  it('refuses --with-secrets to an Admin token (403), which may still export without secrets', async () => {
    const token = (await runProvd(['token', 'create', '--name', 'helpdesk', '--role', 'Admin'], env)).stdout.trim();

    const refused = await runProvd(['export', '--with-secrets', '--token', token], env);
    const plain = await runProvd(['export', '--token', token], env);
    const raw = await fetch(`${env.PROVD_API}/api/phones?with_secrets=yes`, { headers: { authorization: `Bearer ${env.PROVD_TOKEN}` } });

    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('403 PROV_ERR_FORBIDDEN') });
    expect(plain.code).toBe(0);
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ code: 'PROV_ERR_QUERY_INVALID', errors: [{ field: 'with_secrets' }] });
  });

  it('lists users and phones as tables or JSON, passing the filter syntax to the API', async () => {
    const users = await runProvd(['users', 'list'], env);
    const fanvil = await runProvd(['phones', 'list', '--filter', "vendor eq 'fanvil'", '--json'], env);
    const badFilter = await runProvd(['phones', 'list', '--filter', 'vendor eq'], env);

    expect(users.stdout.split('\n')[0]).toMatch(/^ID +NAME +EXTENSION_NUMBER +DISPLAY_NAME +ENABLED +ROLE$/);
    expect(users.stdout).toMatch(/^\S+ +alice +101 +Smith, Alice +true +StandardUser$/m);
    expect(JSON.parse(fanvil.stdout)).toMatchObject({ count: 1, items: [{ mac: '0c383e63fee8', model: 'X4U' }] });
    expect(badFilter).toMatchObject({ code: 1, stderr: expect.stringContaining('PROV_ERR_QUERY_INVALID') });
  });

  it("render lists a phone's files and prints one as the phone gets it", async () => {
    const list = await runProvd(['render', '00-15-65-AA-BB-01'], env);
    const file = await runProvd(['render', '001565aabb01', '001565aabb01.cfg'], env);
    const missing = await runProvd(['render', '001565aabb01', 'nope.cfg'], env);

    expect(list.stdout.split('\n')).toEqual(expect.arrayContaining(['001565aabb01.cfg', expect.stringMatching(/^y0000000001\d\d\.cfg {2}\(common/)]));
    expect(file.stdout).toContain('account.1.user_name = 101');
    expect(file.stdout).toContain('account.1.password = Ext-secret-101');
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('404 PROV_ERR_FILE_NOT_FOUND') });
  });

  it('token create prints the token once; list shows it without the value; revoke ends it', async () => {
    const created = await runProvd(['token', 'create', '--name', 'ci bot', '--role', 'Admin', '--json'], env);
    const { id, token } = JSON.parse(created.stdout) as { id: string; token: string };
    const listed = await runProvd(['token', 'list', '--json'], env);
    const before = await runProvd(['users', 'list', '--token', token], env);
    const revoked = await runProvd(['token', 'revoke', id], env);
    const after = await runProvd(['users', 'list', '--token', token], env);
    const noRole = await runProvd(['token', 'create', '--name', 'x'], env);

    expect(JSON.parse(listed.stdout).items).toContainEqual(expect.objectContaining({ id, name: 'ci bot', role: 'Admin' }));
    expect(listed.stdout).not.toContain(token);
    expect(before.code).toBe(0);
    expect(revoked).toMatchObject({ code: 0, stderr: `token ${id} revoked\n` });
    expect(after).toMatchObject({ code: 1, stderr: expect.stringContaining('401 PROV_ERR_UNAUTHORIZED') });
    expect(noRole.code).toBe(2);
  });

  it('ca prints the CA certificate phones trust for HTTPS', async () => {
    const run = await runProvd(['ca'], env);

    expect(run.code).toBe(0);
    expect(new X509Certificate(run.stdout).ca).toBe(true);
  });

  it('finds the API and token in --api/--token, then PROVD_API/PROVD_TOKEN, then the admin token file of PROV_DATA_DIR', async () => {
    const api = env.PROVD_API!;
    const flags = await runProvd(['users', 'list', '--api', api, '--token', env.PROVD_TOKEN!]);
    const tokenFile = await runProvd(['users', 'list', '--api', api], { PROV_DATA_DIR: server.dataDir });
    const flagWins = await runProvd(['users', 'list', '--token', 'wrong-token-0123456789'], env);

    expect(flags.code).toBe(0);
    expect(tokenFile.code).toBe(0);
    expect(flagWins).toMatchObject({ code: 1, stderr: expect.stringContaining('401') });
  });

  it('has --help on every command', async () => {
    for (const args of [['import'], ['export'], ['render'], ['users', 'list'], ['phones', 'list'], ['token', 'create'], ['token', 'list'], ['token', 'revoke'], ['ca'], ['serve'], ['rotate-key']]) {
      const run = await runProvd([...args, '--help']);

      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout, args.join(' ')).toMatch(new RegExp(`^Usage: provd ${args.join(' ')} `));
    }
  }, 60_000);
});
