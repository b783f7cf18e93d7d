/**
 * API tokens in the whole server (createApp) on SQLite and on Redis (issue 12 §4): a token made
 * through the API authenticates, outlives a restart, is at rest only as its hash (raw SQLite
 * rows and file bytes, raw Redis keys and values), and is 401 once revoked.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/identity/token.js';
import { startAppServer, type AppServer } from '../helpers/app-server.js';
import { raw } from '../helpers/raw-http.js';
import { redisAvailable, redisUrl } from '../helpers/redis.js';

/** Makes a user and two tokens (Admin, StandardUser of the user) through the API of `server`. */
async function mintTokens(server: AppServer) {
  const user = await server.api('POST', '/api/users', { name: 'tok-alice', extension_number: '7301', extension_password: 'Tok-Secret-1' });
  const admin = await server.api('POST', '/api/tokens', { name: 'ops', role: 'Admin' });
  const self = await server.api('POST', '/api/tokens', { name: 'alice-app', role: 'StandardUser', user_id: user.body.id });
  expect([user.status, admin.status, self.status]).toStrictEqual([201, 201, 201]);
  return { userId: user.body.id as string, admin: admin.body as { id: string; token: string }, self: self.body as { id: string; token: string } };
}

/**
 * A request with `token` (default: the bootstrap token) on a new connection each time: the server
 * restarts, and a pooled keep-alive socket of the old one would fail the request.
 */
const call = async (server: AppServer, method: string, path: string, token = server.running.adminToken) => {
  const res = await raw(`http://127.0.0.1:${server.running.ports.api}`, method, path, { authorization: `Bearer ${token}`, connection: 'close' });
  return { status: res.status, body: res.body ? JSON.parse(res.body) : undefined };
};

/** Authenticates, survives a restart, and is refused after a revoke (also after a further restart). */
async function checkLifecycle(server: AppServer, minted: Awaited<ReturnType<typeof mintTokens>>) {
  expect((await call(server, 'GET', '/api/users', minted.admin.token)).status).toBe(200);
  await server.restart();
  expect((await call(server, 'GET', '/api/users', minted.admin.token)).status).toBe(200);
  expect((await call(server, 'GET', '/api/user', minted.self.token)).body.id).toBe(minted.userId);
  expect((await call(server, 'GET', '/api/users', minted.self.token)).status).toBe(403);

  expect((await call(server, 'DELETE', `/api/tokens/${minted.admin.id}`)).status).toBe(204);
  expect((await call(server, 'GET', '/api/users', minted.admin.token)).status).toBe(401);
  await server.restart();
  expect((await call(server, 'GET', '/api/users', minted.admin.token)).status).toBe(401);
  expect((await call(server, 'GET', '/api/user', minted.self.token)).status).toBe(200);
}

describe('API tokens on SQLite', () => {
  let server: AppServer | undefined;
  afterAll(() => server?.stop());

  it('keeps only hashes in the file, and tokens live through restarts until revoked', async () => {
    server = await startAppServer({});
    const minted = await mintTokens(server);
    const file = join(server.dataDir, 'provd.sqlite');

    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare('SELECT * FROM api_tokens ORDER BY created_at, id').all() as Record<string, unknown>[];
    raw.close();
    const bytes = Buffer.concat([await readFile(file), await readFile(`${file}-wal`).catch(() => Buffer.alloc(0))]);

    expect(rows.map((r) => r.hash).sort()).toStrictEqual([hashApiToken(minted.admin.token), hashApiToken(minted.self.token)].sort());
    for (const t of [minted.admin.token, minted.self.token]) {
      expect(JSON.stringify(rows)).not.toContain(t);
      expect(bytes.includes(Buffer.from(t))).toBe(false);
    }
    await checkLifecycle(server, minted);
  });
});

const available = await redisAvailable();

describe.skipIf(!available)('API tokens on Redis', () => {
  const prefix = `provd-test-apptok-${randomBytes(6).toString('hex')}:`;
  const admin = available ? new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
  let server: AppServer | undefined;
  afterAll(async () => {
    await server?.stop();
    const keys = await admin!.keys(`${prefix}*`);
    if (keys.length) await admin!.del(...keys);
    await admin!.quit();
  });

  it('keeps only hashes in Redis, and tokens live through restarts until revoked', async () => {
    server = await startAppServer({ PROV_STORE: 'redis', PROV_REDIS_URL: redisUrl(), PROV_REDIS_PREFIX: prefix });
    const minted = await mintTokens(server);

    const keys = await admin!.keys(`${prefix}tok:*`);
    const values = [...(await admin!.hvals(`${prefix}tok:ids`)), ...(await Promise.all(keys.filter((k) => k.includes('tok:h:')).map((k) => admin!.get(k))))];

    expect(keys.sort()).toStrictEqual([`${prefix}tok:h:${hashApiToken(minted.admin.token)}`, `${prefix}tok:h:${hashApiToken(minted.self.token)}`, `${prefix}tok:ids`].sort());
    expect(values).toHaveLength(4);
    for (const t of [minted.admin.token, minted.self.token]) expect([...keys, ...values].join('\n')).not.toContain(t);
    await checkLifecycle(server, minted);
  });
});
