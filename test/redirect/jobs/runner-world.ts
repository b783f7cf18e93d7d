/**
 * @module The runner's test world: the memory store with network settings and one user, the
 * Yealink legacy XML-RPC mock (test/redirect/mocks) as the account's service, and runners on
 * that store with small time bounds. Phones are written as the API writes them (the store fills
 * the outbox itself).
 */
import { Writable } from 'node:stream';
import type { Mac } from '../../../src/domain/mac.js';
import type { Phone } from '../../../src/domain/phone.js';
import type { User } from '../../../src/domain/user.js';
import { clientResolver } from '../../../src/app/rps.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import { createRpsRunner, type RpsRunner, type RpsRunnerOptions } from '../../../src/redirect/jobs/runner.js';
import { createRedirectDirectory, REDIRECT_SERVICES } from '../../../src/redirect/index.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import type { RpsOutcome, RpsStatus } from '../../../src/store/rps-types.js';
import type { Store } from '../../../src/store/types.js';
import { makePhone, makeUser, type PhoneOverrides } from '../../helpers/records.js';
import { until } from '../../helpers/server-process.js';
import { registry } from '../../helpers/vendor-render.js';
import { startYealinkXmlRpcMock, type FamilyMock } from '../mocks/yealink-family.js';
import { CREDENTIALS } from '../services/xmlrpc-family.js';

export const HTTP_PORT = 8080;
export const HTTPS_PORT = 8443;
export const WEB_DOMAIN = 'prov.example.com';

/**
 * Small bounds: retries come after at most 40 ms. A call's time limit (2 s) stays well above what
 * a call takes on a loaded machine (a call that times out is asked again: one more call to count);
 * the tests of time limits set a short one.
 */
export const FAST: RpsRunnerOptions = { pollMs: 50, callTimeoutMs: 2_000, ratePerSecond: 1_000, retry: { baseMs: 20, capMs: 40, maxAttempts: 4 }, stopTimeoutMs: 200 };

export interface RunnerWorld {
  readonly store: Store;
  readonly mock: FamilyMock;
  readonly user: User;
  readonly metrics: Metrics;
  /** Log lines of every runner of this world. */
  readonly logs: Record<string, unknown>[];
  /** A runner on the store (started), with FAST bounds unless `options` says otherwise. */
  runner(options?: Partial<RpsRunnerOptions>): RpsRunner;
  /** Inserts a Yealink phone of the user (rps: true unless overridden). */
  addPhone(overrides?: PhoneOverrides): Promise<Phone>;
  /** The URL the API shows for a phone of the user (http on 8080, https on 8443). */
  urlOf(phone: Pick<Phone, 'https'>, user?: User): string;
  /** Waits until the MAC's outcome has `status`. */
  outcome(mac: Mac, status: RpsStatus): Promise<RpsOutcome>;
  /** registerDeviceWithUniqueUrl calls the mock received for `mac`. */
  registerCalls(mac: Mac): number;
  close(): Promise<void>;
}

export async function startRunnerWorld(): Promise<RunnerWorld> {
  const store = createMemoryStore();
  await store.putNetwork({ ...(await store.getNetwork()), web_domain: WEB_DOMAIN });
  const user = makeUser();
  await store.insertUser(user);
  const mock = await startYealinkXmlRpcMock(CREDENTIALS);
  const at = new Date().toISOString();
  await store.putRpsAccount({ vendor: 'yealink', flavour: 'yealink-xmlrpc', url: mock.url, ...CREDENTIALS, created_at: at, updated_at: at });
  const metrics = createMetrics();
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({ write: (c, _e, cb) => (logs.push(...String(c).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)), cb()) });
  const logger = createLogger({ level: 'debug', destination });
  const runners: RpsRunner[] = [];

  return {
    store, mock, user, metrics, logs,
    runner(options = {}) {
      const timeout = options.callTimeoutMs ?? FAST.callTimeoutMs;
      const r = createRpsRunner(
        { store, resolveClient: clientResolver(createRedirectDirectory(REDIRECT_SERVICES), registry, timeout), ports: { httpPort: HTTP_PORT, httpsPort: HTTPS_PORT }, logger, metrics },
        { ...FAST, ...options }
      );
      runners.push(r);
      r.start();
      return r;
    },
    async addPhone(overrides = {}) {
      const phone = makePhone(user, { rps: true, ...overrides });
      await store.insertPhone(phone);
      return phone;
    },
    urlOf: (phone, owner = user) => (phone.https ? `https://${WEB_DOMAIN}:${HTTPS_PORT}` : `http://${WEB_DOMAIN}:${HTTP_PORT}`) + `/provision/${owner.provision_token}/`,
    outcome: (mac, status) =>
      until(`outcome ${status} of ${mac}`, async () => {
        const outcome = await store.getRpsOutcome(mac);
        return outcome?.status === status ? outcome : undefined;
      }, 5_000),
    registerCalls: (mac) => mock.calls.filter((c) => c.method === 'redirect.registerDeviceWithUniqueUrl' && String(c.params[0]).toLowerCase() === mac).length,
    async close() {
      await Promise.all(runners.map((r) => r.stop()));
      await mock.close();
      await store.close();
    },
  };
}
