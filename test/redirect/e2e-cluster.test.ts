/**
 * End to end (issue 10 §4): several processes run the RPS job runner on one store, and the
 * store's leases keep every job to one of them: PROV_WORKERS=2 on SQLite (a primary and two
 * workers, three runners) and two servers on one Redis. Each change is registered once per phone,
 * never twice, whichever process it was made through.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, redisUrl } from '../helpers/redis.js';
import type { ServerProcess } from '../helpers/server-process.js';
import type { FamilyMock } from './mocks/yealink-family.js';
import { adminOf, bindsOf, expectStatus, createRpsPhone, heldBy, phoneWithStatus, seedRps, serverSetup, startRpsMock, startServer, type Admin } from './support/rps-e2e.js';

const MACS = ['001565c10001', '001565c10002', '001565c10003', '001565c10004'];

/** The servers' RPS log lines, for a failure message. */
function rpsLines(servers: readonly ServerProcess[]): string {
  return servers.flatMap((s) => s.lines().filter((l) => /redirect service/.test(String(l.msg))).map((l) => JSON.stringify(l))).join('\n');
}

/** Creates the phones (through `admins` in turn), rotates the folder (through the last), checks one bind per phone and change. */
async function oneRegisterPerChange(mock: FamilyMock, admins: readonly Admin[], userId: string, servers: readonly ServerProcess[]): Promise<void> {
  await Promise.all(MACS.map((mac, i) => createRpsPhone(admins[i % admins.length]!, userId, mac)));
  const first = await Promise.all(MACS.map((mac) => phoneWithStatus(admins[0]!, mac, 'registered')));

  await expectStatus(admins.at(-1)!('POST', `/users/${userId}/provision_token`), 200);
  const urls = await Promise.all(MACS.map(async (mac) => (await admins[0]!('GET', `/phones/${mac}`)).json.url as string));
  for (const [i, mac] of MACS.entries()) await heldBy(mock, mac, urls[i]);
  await new Promise((r) => setTimeout(r, 600)); // more polls of every runner: nothing more may come

  expect(MACS.map((mac) => bindsOf(mock, mac)), rpsLines(servers)).toEqual(MACS.map((_, i) => [first[i]!.url, urls[i]]));
  for (const mac of MACS) expect((await phoneWithStatus(admins[0]!, mac, 'registered')).url).toBe(mock.held(mac));
}

describe('RPS with PROV_WORKERS=2 on SQLite', () => {
  let mock: FamilyMock;
  let server: ServerProcess;
  let remove: () => void;

  beforeAll(async () => {
    mock = await startRpsMock();
  });
  afterAll(async () => {
    server?.kill();
    await mock?.close();
    remove?.();
  });

  it('registers each change once per phone, never twice', async () => {
    const setup = await serverSetup({ PROV_WORKERS: '2' });
    remove = setup.remove;
    server = await startServer(setup.env);
    const admin = adminOf(setup.apiPort);
    const userId = await seedRps(admin, mock);

    await oneRegisterPerChange(mock, [admin], userId, [server]);
  }, 60_000);
});

const redis = await redisAvailable();

describe.skipIf(!redis)('RPS with two servers on one Redis', () => {
  const prefix = `provd-test-rps-e2e-${randomBytes(6).toString('hex')}:`;
  let mock: FamilyMock;
  const servers: ServerProcess[] = [];
  const removes: (() => void)[] = [];

  beforeAll(async () => {
    mock = await startRpsMock();
  });
  afterAll(async () => {
    for (const s of servers) s.kill();
    await mock?.close();
    for (const r of removes) r();
    const client = new Redis(redisUrl());
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    client.disconnect();
  });

  it('registers each change once per phone, never twice, whichever node it was made through', async () => {
    // The nodes are one server to the phones (behind a load balancer): one public port in every URL.
    const shared = { PROV_STORE: 'redis', PROV_REDIS_URL: redisUrl(), PROV_REDIS_PREFIX: prefix, PROV_PUBLIC_HTTP_PORT: '8080' };
    const a = await serverSetup(shared);
    removes.push(a.remove);
    servers.push(await startServer(a.env));
    // Nodes on one Redis share the secret key file (README "Secrets at rest").
    const b = await serverSetup({ ...shared, PROV_SECRET_KEY_FILE: join(a.dir, 'data', 'secret-key') });
    removes.push(b.remove);
    servers.push(await startServer(b.env));
    const admins = [adminOf(a.apiPort), adminOf(b.apiPort)];
    const userId = await seedRps(admins[0]!, mock);

    await oneRegisterPerChange(mock, admins, userId, servers);
  }, 60_000);
});
