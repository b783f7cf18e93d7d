/**
 * @module createApp: the composition root. Builds store, vendor registry, renderer,
 * provisioning service, the phone-facing HTTP(S) listeners, TFTP and the admin API; returns
 * start/stop. Nothing happens at import; configuration comes only from main.ts.
 *
 * Roles: `single` runs everything in one process. With cluster workers, the `primary` runs the
 * admin API, TFTP and the certificate life cycle and relays store events and certificates to
 * its `worker`s, which run the phone path (HTTP, HTTPS) on shared sockets (src/cluster/).
 */
import { createServer, type Server } from 'node:http';
import { resolveAdminToken } from './admin-token.js';
import { createApiApp } from './api/app.js';
import { createCertificateLifecycle, type CertificateLifecycle, type TlsSource } from './certs/lifecycle.js';
import { createWorkerPool, type WorkerPool } from './cluster/primary.js';
import { connectToPrimary } from './cluster/worker.js';
import type { Config } from './config.js';
import { createAddressMatcher } from './domain/cidr.js';
import { createDataEpochWatch } from './health/data-epoch.js';
import { createReadiness } from './health/readiness.js';
import { createHttpsListener } from './http/https-listener.js';
import { close, createDrain, listen } from './http/listen.js';
import { createPhoneHandler } from './http/phone-handler.js';
import type { Logger } from './logger.js';
import { createMetrics, renderSnapshots } from './metrics.js';
import { createReload } from './lifecycle/reload.js';
import { createObservability } from './observability/observability.js';
import { createProvisioningService } from './provisioning/service.js';
import { createRenderer, type Renderer } from './render/renderer.js';
import { openSealedStore } from './secrets/store-secrets.js';
import { instrumentStore, storeErrorCounter } from './store/instrumented.js';
import type { Store } from './store/types.js';
import { createTftpFileSource } from './tftp/file-source.js';
import { createTftpServer } from './tftp/server.js';
import { createVendorCatalog } from './vendors/catalog.js';

export type AppRole = 'single' | 'primary' | 'worker';

export interface RunningApp {
  /** Bound ports by listener (differ from the configured ones when those are 0); absent when off. */
  readonly ports: { readonly http: number; readonly api: number; readonly https?: number; readonly tftp?: number };
  /** The admin API token; empty in a worker (it has no admin API). */
  readonly adminToken: string;
  /** PIDs of the phone-path workers (primary role only). */
  readonly workerPids: () => number[];
  /**
   * SIGHUP: reloads the vendor templates (the old ones stay when the new ones fail), re-reads the
   * secret key file (after `provd rotate-key`) and re-checks the certificate (a brought-your-own
   * pair is re-read); a primary has its workers reload too.
   * Connections stay open. Never rejects.
   */
  reload(): Promise<void>;
  /**
   * Stops accepting; keep-alive connections finish their in-flight response (`Connection: close`),
   * idle ones close after a grace; what remains after a deadline is destroyed; TFTP transfers in
   * flight get an ERROR. Resolves once everything is closed.
   */
  stop(): Promise<void>;
}

export interface App {
  start(): Promise<RunningApp>;
}

/** A network listener the app starts and stops; start() answers the bound port. */
interface Listener {
  readonly name: 'http' | 'https' | 'api' | 'tftp';
  readonly address: string;
  start(): Promise<number>;
  stop(): Promise<void>;
}

export interface AppOptions {
  readonly role?: AppRole;
  /** Worker role: its own process (the IPC channel to the primary). */
  readonly proc?: NodeJS.Process;
  /** Worker role: called when the primary orders this worker to stop. */
  readonly onStopRequest?: () => void;
}

/** Stop timing: a keep-alive client sending back to back gets its next answer within the grace. */
const IDLE_GRACE_MS = 1_000;
const STOP_DEADLINE_MS = 5_000;

export function createApp(config: Config, logger: Logger, options: AppOptions = {}): App {
  const role = options.role ?? 'single';
  return {
    async start() {
      // Templates can be reloaded (SIGHUP): everything reads them through the catalog.
      const catalog = createVendorCatalog(config.templatesDir, createRenderer);
      const registry = catalog.registry;
      const renderer: Renderer = { render: (vendor, file, model, context) => catalog.current().compiled.render(vendor, file, model, context) };
      const metrics = createMetrics();
      const observability = createObservability(logger, metrics);
      const refusals = observability.refusals;
      // `reload` is defined below, before the first await: IPC messages are read only after it.
      const orders = { onStop: options.onStopRequest ?? (() => {}), onReload: () => void reload() };
      const channel = role === 'worker' ? connectToPrimary(options.proc ?? process, metrics, orders) : undefined;
      const storeErrors = storeErrorCounter(metrics);
      const logConnectionError = throttled(10_000, (err: unknown) => logger.warn({ err: String(err) }, 'store connection error'));
      const onError = (err: unknown) => {
        storeErrors.inc({ operation: 'connection', kind: 'unavailable' });
        logConnectionError(err);
      };
      const notice = (details: Record<string, unknown>, message: string) => logger.warn(details, message);
      const sealed = openSealedStore(config, logger, { onError, notice }); // data folder 0700, key file, sealing store
      const ownStore = instrumentStore(sealed.store, storeErrors);
      // A worker's own SQLite connection sees no events of the primary's writes: take the relayed ones.
      const shared = channel && config.store.kind !== 'redis' ? withEvents(ownStore, channel.subscribe) : ownStore;
      // Everyone else gets the watched store: a reconnect's `reset` passes only when the data is intact.
      const epochWatch = createDataEpochWatch({ store: shared, logger, metrics });
      const store = epochWatch.store;
      const provisioning = createProvisioningService({
        store,
        dataLost: epochWatch.isLost,
        registry,
        renderer,
        logger,
        metrics,
        server: {
          httpPort: config.http.publicPort ?? config.http.port,
          httpsPort: config.https.port === null ? undefined : (config.https.publicPort ?? config.https.port),
          defaultTimezone: config.defaultTimezone,
        },
      });
      const certs = role !== 'worker' && config.https.port !== null
        ? createCertificateLifecycle({ ...config.https, store, logger })
        : undefined;
      const pool = role === 'primary' ? createPrimaryPool(config, logger, store, certs) : undefined;
      const admin = role === 'worker' ? undefined : resolveAdminToken(config.api.adminToken, config.store.dataDir);
      const reload = createReload({ catalog, provisioning, certs, secrets: sealed, workers: pool, logger });
      const listeners: Listener[] = [];
      const drain = createDrain();
      const closeGracefully = (server: Server) => close(server, { drain, idleGraceMs: IDLE_GRACE_MS, deadlineMs: STOP_DEADLINE_MS });

      if (role !== 'primary') {
        const handler = (protocol: 'http' | 'https') => createPhoneHandler({ provisioning, logger, metrics, protocol, trustProxy: config.trustProxy, refusals, drain });
        const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 30_000, headersTimeout: 15_000 }, handler('http'));
        listeners.push({ name: 'http', address: config.http.host, start: () => listen(server, config.http.port, config.http.host), stop: () => closeGracefully(server) });
        const tls: TlsSource | undefined = certs ?? (channel && config.https.port !== null ? channel.tls : undefined);
        if (tls && config.https.port !== null) {
          const https = createHttpsListener({ port: config.https.port, host: config.http.host, compat: config.https.compat, handler: handler('https'), tls, close: closeGracefully });
          listeners.push({ name: 'https', address: config.http.host, start: () => https.start(), stop: () => https.stop() });
        }
      }
      if (admin) {
        const metricsText = pool ? async () => renderSnapshots([metrics.snapshot(), ...(await pool.metrics())]) : undefined;
        const api = createServer(createApiApp({
          store, registry, provisioning, adminToken: admin.token, logger, metrics, metricsText, defaultTimezone: config.defaultTimezone,
          caPem: () => certs?.caPem() ?? null, readiness: createReadiness(epochWatch.check),
        }));
        listeners.push({ name: 'api', address: config.api.host, start: () => listen(api, config.api.port, config.api.host), stop: () => closeGracefully(api) });
      }
      if (role !== 'worker' && config.tftp.port !== null) {
        const getFile = createTftpFileSource(provisioning, createAddressMatcher(config.tftp.allow), metrics, refusals);
        const onBadName = (address: string, file: string) => refusals.refused({ protocol: 'tftp', address, file, reason: 'bad_name', userAgent: '' });
        const tftp = createTftpServer({ getFile, logger, metrics, onBadName });
        const port = config.tftp.port;
        listeners.push({ name: 'tftp', address: config.tftp.host, start: () => tftp.listen(port, config.tftp.host), stop: () => tftp.close() });
      }

      const stop = async () => {
        // The workers drain their connections while the primary drains its own.
        await Promise.all([...listeners.map((l) => l.stop()), pool?.stop()]);
        certs?.stop();
        epochWatch.stop();
        channel?.close();
        provisioning.close();
        observability.stop();
        await store.close();
      };
      try {
        await store.getNetwork(); // fail at start, not at the first phone, when the store is unreachable
        await epochWatch.start();
        if (certs) await certs.start();
        if (channel && config.https.port !== null) await channel.firstTls();
        const ports: Record<string, number> = {};
        for (const l of listeners) ports[l.name] = await l.start();
        if (pool) Object.assign(ports, await pool.start());
        if (channel) channel.ready({ http: ports.http!, https: ports.https });
        logger.info(
          { role, vendors: catalog.current().vendors.map((v) => v.id), store: config.store.kind, listen: Object.entries(ports).map(([name, port]) => `${name} :${port}`), workers: pool ? config.workers : undefined },
          role === 'worker' ? 'phone-path worker started' : 'provisioning server started'
        );
        if (admin?.path) logger.info({ path: admin.path, created: admin.created }, 'admin API token is kept in this file'); // no part of it
        return { ports: ports as RunningApp['ports'], adminToken: admin?.token ?? '', workerPids: () => pool?.pids() ?? [], reload, stop };
      } catch (err) {
        await stop();
        throw err;
      }
    },
  };
}

// --- internal ---

/** The primary's workers: greeted with the certificate, told of every store change and renewal. */
function createPrimaryPool(config: Config, logger: Logger, store: Store, certs: CertificateLifecycle | undefined): WorkerPool {
  const pool = createWorkerPool({
    count: config.workers,
    logger,
    greeting: () => (certs ? [{ type: 'provd:tls', material: certs.current() }] : []),
  });
  // Redis: every worker hears every change on its own subscription; SQLite: only we see them.
  if (config.store.kind !== 'redis') store.subscribe((event) => pool.broadcast({ type: 'provd:store-event', event }));
  certs?.onChange((material) => pool.broadcast({ type: 'provd:tls', material }));
  return pool;
}

/** The store, with its events replaced by `subscribe` (a worker's relayed events). */
function withEvents(store: Store, subscribe: Store['subscribe']): Store {
  return Object.assign(Object.create(store) as Store, { subscribe });
}

/** Calls `fn` at most once per `intervalMs` (a store that is down reports an error per retry). */
function throttled<T>(intervalMs: number, fn: (arg: T) => void): (arg: T) => void {
  let last = -Infinity;
  return (arg) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    fn(arg);
  };
}
