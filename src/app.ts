/**
 * @module createApp: the composition root. Builds store, vendor registry, renderer,
 * provisioning service, the phone-facing HTTP(S) listeners, TFTP, the admin API and the RPS job
 * runner; returns start/stop. Nothing happens at import; configuration comes only from main.ts.
 *
 * Roles: `single` runs everything in one process. With cluster workers, the `primary` runs the
 * admin API, TFTP and the certificate life cycle and relays store events and certificates to
 * its `worker`s, which run the phone path (HTTP, HTTPS) on shared sockets (src/cluster/). Every
 * role runs the RPS job runner (src/app/rps.ts): the store's leases keep each job to one process.
 */
import { resolveAdminToken } from './admin-token.js';
import { createApiApp } from './api/app.js';
import { openApiTokens } from './app/api-tokens.js';
import { openAccess } from './app/access.js';
import { openClientCerts } from './app/client-certs.js';
import { openConsole } from './app/console.js';
import { openFirmware } from './app/firmware.js';
import { createListenerKit, type Listener } from './app/listeners.js';
import { createPrimaryPool } from './app/primary-pool.js';
import { openQr } from './app/qr.js';
import { openResync } from './app/resync.js';
import { createRps } from './app/rps.js';
import { compileVendors } from './app/vendor-compile.js';
import { openServedStore } from './app/served-store.js';
import { openEditedTemplates, openTemplateOverlay } from './app/templates.js';
import { createCertificateLifecycle, type TlsSource } from './certs/lifecycle.js';
import { connectToPrimary } from './cluster/worker.js';
import type { Config } from './config.js';
import { createReadiness } from './health/readiness.js';
import { createReload } from './lifecycle/reload.js';
import type { Logger } from './logger.js';
import { createMetrics, renderSnapshots } from './metrics.js';
import { createObservability } from './observability/observability.js';
import { createProvisioningService } from './provisioning/service.js';
import { createPhonebook } from './phonebook/phonebook.js';
import { createDeviceAuthPolicy } from './device-auth/policy.js';
import { REDIRECT_SERVICES, createRedirectDirectory } from './redirect/index.js';
import type { Renderer } from './render/renderer.js';
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

export interface AppOptions {
  readonly role?: AppRole;
  /** Worker role: its own process (the IPC channel to the primary). */
  readonly proc?: NodeJS.Process;
  /** Worker role: called when the primary orders this worker to stop. */
  readonly onStopRequest?: () => void;
}

export function createApp(config: Config, logger: Logger, options: AppOptions = {}): App {
  const role = options.role ?? 'single';
  return {
    async start() {
      // Templates can be reloaded (SIGHUP): everything reads them through the catalog. A vendor
      // naming an unknown redirect service fails the load like a bad template.
      const redirect = createRedirectDirectory(REDIRECT_SERVICES);
      // Templates edited over the API are laid over the shipped folder (src/templates/).
      const overlay = openTemplateOverlay();
      const catalog = createVendorCatalog(config.templatesDir, compileVendors(redirect, overlay.source));
      const renderer: Renderer = { render: (vendor, file, model, context) => catalog.current().compiled.render(vendor, file, model, context) };
      const metrics = createMetrics();
      const observability = createObservability(logger, metrics);
      // `reload` is defined below, before the first await: IPC messages are read only after it.
      const orders = { onStop: options.onStopRequest ?? (() => {}), onReload: () => void reload() };
      const channel = role === 'worker' ? connectToPrimary(options.proc ?? process, metrics, orders) : undefined;
      const { store, epochWatch, secrets } = openServedStore(config, logger, metrics, channel?.subscribe);
      const firmware = openFirmware(config, store, catalog.registry, logger, () => provisioning.invalidate());
      const phonebook = createPhonebook({ store, scope: config.phonebook.scope });
      const provisioning = createProvisioningService({
        store,
        phonebook,
        firmware: firmware.catalog,
        dataLost: epochWatch.isLost,
        registry: catalog.registry,
        renderer,
        logger,
        metrics,
        server: {
          httpPort: config.http.publicPort ?? config.http.port,
          httpsPort: config.https.port === null ? undefined : (config.https.publicPort ?? config.https.port),
          defaultTimezone: config.defaultTimezone,
        },
        deviceAuth: createDeviceAuthPolicy(config.deviceAuth),
      });
      // Tokens are consumed on the phone path (workers) and issued by the admin API (primary).
      const qr = openQr(config, store, logger);
      const clientCerts = openClientCerts(config.https.clientCert, catalog.registry, logger);
      const access = openAccess(config, provisioning, store, catalog.registry, logger, metrics, clientCerts.steps);
      const certs = role !== 'worker' && config.https.port !== null ? createCertificateLifecycle({ ...config.https, store, logger }) : undefined;
      const pool = role === 'primary' ? createPrimaryPool(config, logger, store, certs) : undefined;
      const admin = role === 'worker' ? undefined : resolveAdminToken(config.api.adminToken, config.store.dataDir);
      const apiTokens = admin && openApiTokens(config, logger);
      const resync = admin && openResync(config, store, catalog.registry, logger, metrics);
      // Every process runs the RPS job runner; the store's leases run each job once.
      const rps = createRps({ config, store, directory: redirect, registry: catalog.registry, logger, metrics, reportQueueDepth: role !== 'worker' });
      const reload = createReload({ catalog, provisioning, certs, secrets, clientCerts, workers: pool, logger });
      const templates = openEditedTemplates({ store, overlay, catalog, provisioning, logger }, admin !== undefined);

      const kit = createListenerKit();
      const services = { config, access, logger, metrics, refusals: observability.refusals, qr: qr.service, clientCerts };
      const listeners: Listener[] = [];
      if (role !== 'primary') {
        const tls: TlsSource | undefined = certs ?? (channel && config.https.port !== null ? channel.tls : undefined);
        listeners.push(...kit.phone({ ...services, tls }));
      }
      if (admin && apiTokens) {
        const metricsText = pool ? async () => renderSnapshots([metrics.snapshot(), ...(await pool.metrics())]) : undefined;
        listeners.push(kit.api(createApiApp({
          store, registry: catalog.registry, provisioning, adminToken: admin.token, tokens: apiTokens, logger, metrics, metricsText, defaultTimezone: config.defaultTimezone,
          caPem: () => certs?.caPem() ?? null, readiness: createReadiness(epochWatch.check), qr, redirect, unknownPhones: access.unknownPhones, resync,
          console: openConsole(config, logger), templates: templates.service, firmware: firmware.service,
        }), config, metrics, logger));
      }
      const tftp = role === 'worker' ? null : kit.tftp(services);
      if (tftp) listeners.push(tftp);

      const stop = async () => {
        // The workers drain their connections while the primary drains its own.
        resync?.stop();
        templates.sync.stop();
        await Promise.all([...listeners.map((l) => l.stop()), pool?.stop(), rps.stop()]);
        certs?.stop();
        epochWatch.stop();
        channel?.close();
        provisioning.close();
        phonebook.close();
        firmware.catalog.stop();
        observability.stop();
        await qr.close();
        await apiTokens?.close();
        await access.close();
        await store.close();
      };
      try {
        await store.getNetwork(); // fail at start, not at the first phone, when the store is unreachable
        await epochWatch.start();
        await templates.sync.start(); // the edited templates are in service before any listener
        await firmware.catalog.load();
        if (certs) await certs.start();
        if (channel && config.https.port !== null) await channel.firstTls();
        const ports: Record<string, number> = {};
        for (const l of listeners) ports[l.name] = await l.start();
        if (pool) Object.assign(ports, await pool.start());
        if (channel) channel.ready({ http: ports.http!, https: ports.https });
        rps.start();
        resync?.start();
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
