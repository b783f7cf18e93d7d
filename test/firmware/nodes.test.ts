/**
 * Two nodes on one Redis sharing PROV_FIRMWARE_DIR (as the README asks): an upload on one node
 * reaches the other through the store's `firmware` event, whose phone files then write the upgrade
 * key (and drop it after a removal on the first node), and which serves the bytes itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';

const available = await redisAvailable();
const BYTES = randomBytes(200_000);

describe.skipIf(!available)('firmware across nodes (redis)', () => {
  let a: AppServer;
  let b: AppServer;
  let shared: string;
  let token: string;

  beforeAll(async () => {
    shared = mkdtempSync(join(tmpdir(), 'provd-fw-nodes-'));
    const env = {
      PROV_STORE: 'redis',
      PROV_REDIS_URL: redisUrl(),
      PROV_REDIS_PREFIX: `provd-fw-${randomBytes(4).toString('hex')}:`,
      PROV_SECRET_KEY_FILE: join(shared, 'secret-key'),
      PROV_FIRMWARE_DIR: join(shared, 'firmware'),
    };
    a = await startAppServer(env);
    b = await startAppServer(env);
    const user = await a.api('POST', '/api/users', { name: 'fw-nodes', extension_number: '802', extension_password: 'Fw-Secret-802' });
    token = user.body.provision_token;
    await a.api('POST', `/api/users/${user.body.id}/phones`, { mac: '00:15:65:80:28:02', vendor: 'yealink', model: 'T33G' });
  }, 60_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    rmSync(shared, { recursive: true, force: true });
  });

  it('an upload on node A changes node B’s files and B serves the bytes; a removal on A drops the key on B', async () => {
    const fileOnB = async () => (await b.phone(token, '001565802802.cfg')).body;
    expect(await fileOnB()).not.toContain('static.firmware.url'); // rendered and cached on B

    const put = await fetch(`http://127.0.0.1:${a.running.ports.api}/api/firmware/yealink/T33G?filename=T33G-nodes.rom`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${a.running.adminToken}`, 'content-type': 'application/octet-stream' },
      body: BYTES,
    });
    expect(put.status).toBe(200);
    await expect.poll(fileOnB).toContain(`/provision/${token}/T33G-nodes.rom`);
    const served = await fetch(`http://127.0.0.1:${b.running.ports.http}/provision/${token}/T33G-nodes.rom`);
    expect(Buffer.from(await served.arrayBuffer()).equals(BYTES)).toBe(true);

    const del = await fetch(`http://127.0.0.1:${a.running.ports.api}/api/firmware/yealink/T33G`, { method: 'DELETE', headers: { authorization: `Bearer ${a.running.adminToken}` } });
    expect(del.status).toBe(200);
    await expect.poll(fileOnB).not.toContain('static.firmware.url');
  });
});
