/**
 * @module The end-to-end RPS tests' pieces (test/redirect/e2e-*.test.ts): real server processes
 * (dist/main.js) with small RPS time bounds, the Yealink legacy XML-RPC mock as the account's
 * service (it keeps the MAC => URL table and logs every bind), and the admin calls that set up an
 * account, a user and phones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/free-port.js';
import { api, MAIN, ROOT, serverEnv, spawnServer, until, type ServerProcess } from '../../helpers/server-process.js';
import { startYealinkXmlRpcMock, type FamilyMock } from '../mocks/yealink-family.js';
import { CREDENTIALS } from '../services/xmlrpc-family.js';

export const TOKEN = 'rps-e2e-admin-token-0123456789';

/**
 * RPS bounds for tests: polls every 100 ms, short retries. A call's time limit stays well above
 * what a register takes on a loaded machine: a call that timed out although the service did the
 * work is asked again, by design, and would show as a second bind.
 */
export const RPS_ENV = { PROV_RPS_POLL: '100', PROV_RPS_TIMEOUT: '5000', PROV_RPS_RETRY_BASE: '50', PROV_RPS_RETRY_CAP: '200' } as const;

export const startRpsMock = (): Promise<FamilyMock> => startYealinkXmlRpcMock(CREDENTIALS);

/** A server process's folder and environment: SQLite unless `extra` says otherwise, no HTTPS or TFTP. */
export async function serverSetup(extra: Record<string, string> = {}): Promise<{ dir: string; env: NodeJS.ProcessEnv; apiPort: number; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'provd-rps-e2e-'));
  const apiPort = await freePort();
  const env = serverEnv({
    PROV_DATA_DIR: join(dir, 'data'),
    PROV_HOST: '127.0.0.1',
    PROV_HTTP_PORT: String(await freePort()),
    PROV_API_PORT: String(apiPort),
    PROV_HTTPS_PORT: 'off',
    PROV_TFTP_PORT: 'off',
    PROV_ADMIN_TOKEN: TOKEN,
    ...RPS_ENV,
    ...extra,
  });
  return { dir, env, apiPort, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts dist/main.js with `env`; resolves once it listens. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const server = spawnServer(process.execPath, [MAIN], { cwd: ROOT, env });
  await server.waitFor('provisioning server started');
  return server;
}

/** An admin API client of one server. */
export function adminOf(apiPort: number) {
  return (method: string, path: string, body?: unknown) => api(apiPort, TOKEN, method, path, body);
}
export type Admin = ReturnType<typeof adminOf>;

/** Network settings, the Yealink account on `mock` (legacy XML-RPC), and a user; answers the user's id. */
export async function seedRps(admin: Admin, mock: FamilyMock): Promise<string> {
  await expectStatus(admin('POST', '/network', { private_ipv4: '127.0.0.1' }), 200);
  await expectStatus(admin('POST', '/rps/accounts/yealink', { flavour: 'yealink-xmlrpc', url: mock.url, ...CREDENTIALS }), 201);
  const user = await expectStatus(admin('POST', '/users', { name: 'alice', extension_number: '101', extension_password: 'S3cret-101', interface: 'PRIVATE_IPV4' }), 201);
  return user.id as string;
}

/** Creates a Yealink T46U with rps: true; answers the 201's body. */
export function createRpsPhone(admin: Admin, userId: string, mac: string): Promise<Record<string, unknown>> {
  return expectStatus(admin('POST', `/users/${userId}/phones`, { mac, vendor: 'yealink', model: 'T46U', rps: true }), 201);
}

/** Waits until `GET /api/phones/{mac}` shows `rps_status`; answers the phone. */
export function phoneWithStatus(admin: Admin, mac: string, status: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return until(`rps_status ${status} of ${mac}`, async () => {
    const { json } = await admin('GET', `/phones/${mac}`);
    return json.rps_status === status ? json : undefined;
  }, timeoutMs);
}

/** Waits until the mock holds `url` for `mac` (undefined: holds nothing for it). */
export function heldBy(mock: FamilyMock, mac: string, url: string | undefined, timeoutMs = 15_000): Promise<true> {
  return until(`the mock holding ${url ?? 'nothing'} for ${mac}`, () => (mock.held(mac) === url ? true : undefined), timeoutMs);
}

/** The URLs the mock was set to for `mac`, in order (one per successful register). */
export function bindsOf(mock: FamilyMock, mac: string): (string | undefined)[] {
  return mock.binds.filter((b) => b.mac === mac).map((b) => b.url);
}

// --- internal ---

export async function expectStatus(call: Promise<{ status: number; json: Record<string, unknown> }>, status: number): Promise<Record<string, unknown>> {
  const { status: got, json } = await call;
  if (got !== status) throw new Error(`expected HTTP ${status}, got ${got}: ${JSON.stringify(json)}`);
  return json;
}
