/**
 * `provd import` run as the bin against a real server (SQLite, real listener): PortSIP's CSV with
 * quoted JSON phones, idempotent re-runs, dry runs that name every bad row by line and field and
 * write nothing, progress lines off a terminal, exit codes. The token comes from the server's
 * admin token file (PROV_DATA_DIR), as on the server's own machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../../helpers/app-server.js';
import { runProvd } from '../../helpers/cli.js';
import { freePort } from '../../helpers/free-port.js';

const HEADER = 'name,enabled,password,extension_number,extension_password,email,display_name,enable_dnd,office_hours,blfs,interface,role,phones';
/** A phones cell as a spreadsheet writes it: JSON with its quotes doubled, the cell quoted. */
const phonesCell = (phones: unknown[]) => `"${JSON.stringify(phones).replace(/"/g, '""')}"`;
const yealink = (mac: string, extra: Record<string, unknown> = {}) => ({ mac, vendor: 'Yealink', model: 'T46U', language: 'English', door_password1: '', codecs: ['PCMU', 'PCMA'], ...extra });

const GOOD = [
  HEADER,
  `alice,TRUE,Pw-alice-1,101,Ext-secret-101,alice@example.com,"Smith, Alice",FALSE,"{""mode"":""GLOBAL""}",[],PRIVATE_IPV4,StandardUser,${phonesCell([yealink('00:15:65:aa:bb:01'), yealink('00-15-65-aa-bb-02', { model: 't54w' })])}`,
  `bob,TRUE,,102,Ext-secret-102,,"Bob ""the phone"" Jones",TRUE,,"[{""key"":""101"",""first_name"":""Alice""}]",WEB_DOMAIN,StandardUser,${phonesCell([{ mac: '0c:38:3e:63:fe:e8', vendor: 'fanvil', model: 'X4U' }])}`,
  `carol,FALSE,,103,Ext-secret-103,,,,,[],,,`,
  '',
].join('\n');

describe('provd import', { timeout: 60_000 }, () => {
  let server: AppServer;
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  const counts = async () => ({
    users: (await server.api('GET', '/api/users?top=1')).body.count as number,
    phones: (await server.api('GET', '/api/phones?top=1')).body.count as number,
  });
  const userNamed = async (name: string) => (await server.api('GET', `/api/users?filter=${encodeURIComponent(`name eq '${name}'`)}`)).body.items[0];

  beforeAll(async () => {
    server = await startAppServer({});
    dir = mkdtempSync(join(tmpdir(), 'provd-import-'));
    env = { PROVD_API: `http://127.0.0.1:${server.running.ports.api}`, PROV_DATA_DIR: server.dataDir };
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a PortSIP CSV with quoted JSON phones: users, phones and their values as the API keeps them', async () => {
    const run = await runProvd(['import', file('users.csv', GOOD)], env);

    expect(run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('progress: '))).toEqual([]);
    expect(run).toMatchObject({ code: 0, stdout: 'imported 3 of 3 rows: users 3 created, 0 updated, 0 unchanged; phones 3 created, 0 updated, 0 unchanged; 0 rows failed\n' });
    expect(await counts()).toEqual({ users: 3, phones: 3 });
    const bob = await userNamed('bob');
    expect(bob).toMatchObject({ display_name: 'Bob "the phone" Jones', enable_dnd: true, blfs: [{ key: '101', first_name: 'Alice' }], interface: 'WEB_DOMAIN' });
    expect(await userNamed('carol')).toMatchObject({ enabled: false, extension_number: '103' });
    const alice = await userNamed('alice');
    const phones = (await server.api('GET', `/api/users/${alice.id}/phones`)).body.items;
    expect(phones.map((p: { mac: string; model: string; language: string; codecs: string[] }) => [p.mac, p.model, p.language, p.codecs])).toEqual([
      ['001565aabb01', 'T46U', 'ENGLISH', ['PCMU', 'PCMA']],
      ['001565aabb02', 'T54W', 'ENGLISH', ['PCMU', 'PCMA']],
    ]);
  });

  it('prints plain progress lines with rate and ETA when stderr is not a terminal', async () => {
    const run = await runProvd(['import', join(dir, 'users.csv')], env);

    const lines = run.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^progress: \d+\/3 rows \(\d+%\), [\d.]+ rows\/s, ETA \d+:\d\d$/);
    expect(lines.at(-1)).toMatch(/^progress: 3\/3 rows \(100%\)/);
    expect(run.stderr).not.toContain('\r');
  });

  it('updates on a re-run instead of duplicating (users matched by name, phones by MAC), writing only what changed', async () => {
    const changed = GOOD.replace('"Smith, Alice"', '"Smith, Alice B."').replace('00-15-65-aa-bb-02', '00:15:65:AA:BB:02').replace('""model"":""X4U""', '""model"":""X4U"",""transfer"":""ATTENDED""');
    const aliceBefore = await userNamed('alice');
    const carolBefore = await userNamed('carol');

    const run = await runProvd(['import', file('changed.csv', changed), '--concurrency', '2'], env);

    expect(run).toMatchObject({ code: 0, stdout: 'imported 3 of 3 rows: users 0 created, 1 updated, 2 unchanged; phones 0 created, 1 updated, 2 unchanged; 0 rows failed\n' });
    expect(await counts()).toEqual({ users: 3, phones: 3 });
    expect(await userNamed('alice')).toMatchObject({ id: aliceBefore.id, display_name: 'Smith, Alice B.' });
    expect(await userNamed('carol')).toEqual(carolBefore); // not written: same updated_at
    expect((await server.api('GET', '/api/phones/0c383e63fee8')).body.transfer).toBe('ATTENDED');
  });

  it('writes rows naming a secret when the token cannot read secrets back to compare (an Admin token)', async () => {
    const token = (await server.api('POST', '/api/tokens', { name: 'helpdesk', role: 'Admin' })).body.token as string;

    const run = await runProvd(['import', join(dir, 'users.csv'), '--token', token], env);

    expect(run).toMatchObject({ code: 0, stdout: 'imported 3 of 3 rows: users 0 created, 3 updated, 0 unchanged; phones 0 created, 0 updated, 3 unchanged; 0 rows failed\n' }); // fields the file leaves out keep their values
    expect(await counts()).toEqual({ users: 3, phones: 3 });
  });

  it('--dry-run names every bad row by line and field, exits 1 and writes nothing', async () => {
    const bad = [
      HEADER,
      `dave,TRUE,,104,Ext-secret-104,not-an-email,,,,[],,,${phonesCell([yealink('00:15:65:aa:bb:04', { model: 'T99' })])}`,
      `erin,yes,,105,Ext-secret-105,,,,,[],,,${phonesCell([yealink('00:15:65:aa:bb:01')])}`,
      `frank,TRUE,,1,Ext-secret-106,,,,,[],MOON,,`,
      `dave,TRUE,,104,Ext-secret-104,,,,,[],,,"[{""mac"":""zz""}"`,
      `gina,TRUE,,107,Ext-secret-107,,,,,[],,,${phonesCell([yealink('00:15:65:aa:bb:07')])}`,
    ].join('\n');

    const run = await runProvd(['import', file('bad.csv', bad), '--dry-run'], env);

    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'line 2: email: must be an e-mail address',
      'line 2: phones[0].model: not a model of vendor yealink',
      'line 3: phones[0].mac: is registered to another user on the server',
      'line 4: extension_number: must be 3-64 digits',
      'line 4: interface: Invalid option: expected one of "WEB_DOMAIN"|"PUBLIC_IPV4"|"PUBLIC_IPV6"|"PRIVATE_IPV4"|"PRIVATE_IPV6"|"SBC_DOMAIN"',
      expect.stringMatching(/^line 5: phones: must be a JSON array of phones \(/),
      'line 5: name: repeats line 2',
      'line 5: extension_number: repeats line 2',
    ]);
    expect(run.stdout).toBe('dry run: 5 rows, 1 valid (users 1 to create, 0 to update, 0 unchanged; phones 1 to create, 0 to update, 0 unchanged), 4 with problems; nothing was written\n');
    expect(await counts()).toEqual({ users: 3, phones: 3 });
    expect(await userNamed('gina')).toBeUndefined();
  });

  it('writes the good rows of a file with bad ones, reports the bad ones and exits 1', async () => {
    const mixed = [
      HEADER,
      `hank,TRUE,,108,Ext-secret-108,,,,,[],,,`,
      `ivy,TRUE,,120,Ext-secret-109,,,,,[],,,`,
      // Only the server knows: no redirect-service account for Yealink yet (the API's 400 names the field).
      `jane,TRUE,,111,Ext-secret-111,,,,,[],,,${phonesCell([yealink('00:15:65:aa:bb:11', { rps: true })])}`,
    ].join('\n');
    await server.api('POST', '/api/users', { name: 'owner', extension_number: '120', extension_password: 'Ext-secret-120' });

    const run = await runProvd(['import', file('mixed.csv', mixed)], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 3: extension_number: is in use by another user on the server\n');
    expect(run.stderr).toMatch(/^line 4: phones\[0\]\.rps: .*\(PROV_ERR_RPS_NO_ACCOUNT\)$/m);
    expect(run.stdout).toBe('imported 1 of 3 rows: users 2 created, 0 updated, 0 unchanged; phones 0 created, 0 updated, 0 unchanged; 2 rows failed\n');
    expect(await userNamed('hank')).toMatchObject({ extension_number: '108' });
  });

  it('imports a JSON array of users with phones, naming bad ones by line too', async () => {
    const json = JSON.stringify([{ name: 'jack', extension_number: '110', extension_password: 'Ext-secret-110', phones: [yealink('00:15:65:aa:bb:10')] }, { name: 'kim', extension_number: 'x' }], null, 2);

    const kimLine = json.split('\n').findIndex((l) => l.includes('"kim"')); // 0-based line of its name = 1-based line of its "{"

    const run = await runProvd(['import', file('users.json', json)], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`line ${kimLine}: extension_number: must be 3-64 digits\nline ${kimLine}: extension_password: is required\n`);
    expect((await server.api('GET', '/api/phones/001565aabb10')).body.extension_number).toBe('110');
  });

  it('exits 1 naming the problem when the file or the API cannot be used, 2 on a usage error', async () => {
    const missing = await runProvd(['import', join(dir, 'nope.csv')], env);
    const closed = await freePort(); // nothing listens there
    const unreachable = await runProvd(['import', join(dir, 'users.csv'), '--api', `http://127.0.0.1:${closed}`], env);
    const noToken = await runProvd(['import', join(dir, 'users.csv')], { PROVD_API: env.PROVD_API!, PROV_DATA_DIR: dir });
    const usage = await runProvd(['import'], env);

    expect(missing).toMatchObject({ code: 1, stderr: `provd import: Cannot read ${join(dir, 'nope.csv')}: ENOENT\n` });
    expect(unreachable).toMatchObject({ code: 1, stderr: expect.stringContaining(`Cannot reach the provd API at http://127.0.0.1:${closed} (ECONNREFUSED)`) });
    expect(noToken).toMatchObject({ code: 1, stderr: expect.stringContaining('401 PROV_ERR_UNAUTHORIZED') });
    expect(usage.code).toBe(2);
  });
});
