/**
 * Templates edited over the API on two nodes of one Redis (issue 14 §4): an edit made through
 * node A's API is served by node B's phone listener (B had the old file cached), and a node
 * started afterwards serves it from the first request. Skipped without Redis (REQUIRE_REDIS=1 fails).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { raw } from '../helpers/raw-http.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';

const available = await redisAvailable();
const MAC = '001565a1b2c4';

describe.skipIf(!available)('templates over the API on two nodes sharing Redis', () => {
  const prefix = `provd-test-tpl-${randomBytes(6).toString('hex')}:`;
  const servers: AppServer[] = [];

  afterAll(async () => {
    for (const s of servers) await s.stop();
    const admin = new Redis(redisUrl());
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  const fileOn = async (server: AppServer, folder: string) => {
    const res = await raw(`http://127.0.0.1:${server.running.ports.http}`, 'GET', `/provision/${folder}/${MAC}.cfg`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('serves an edit made on node A from node B, and from a node started later', async () => {
    const env = { PROV_STORE: 'redis', PROV_REDIS_URL: redisUrl(), PROV_REDIS_PREFIX: prefix };
    const a = await startAppServer(env);
    servers.push(a);
    // Every node opens the records sealed by the others: one key file for the cluster.
    const shared = { ...env, PROV_SECRET_KEY_FILE: join(a.dataDir, 'secret-key') };
    const b = await startAppServer(shared);
    servers.push(b);
    const user = await a.api('POST', '/api/users', { name: 'tpl-bob', extension_number: '7402', extension_password: 'Tpl-Secret-2' });
    await a.api('POST', `/api/users/${user.body.id}/phones`, { mac: MAC, vendor: 'yealink', model: 'T46U' });
    const folder = user.body.provision_token as string;
    const before = await fileOn(b, folder); // now cached on B
    const shipped = (await a.api('GET', '/api/templates/yealink/device.hbs')).body.text as string;

    const put = await a.api('PUT', '/api/templates/yealink/device.hbs', { text: `${shipped}\n# edited-on-node-a\n` }, { 'if-match': '"v0"' });

    expect(put.status).toBe(200);
    expect(before).not.toContain('edited-on-node-a');
    await vi.waitFor(async () => expect(await fileOn(b, folder)).toContain('# edited-on-node-a'), { timeout: 5000, interval: 50 });
    expect((await b.api('GET', '/api/templates/yealink/device.hbs')).body).toMatchObject({ version: 1, source: 'edited' });

    const c = await startAppServer(shared);
    servers.push(c);
    expect(await fileOn(c, folder)).toContain('# edited-on-node-a');
  });
});
