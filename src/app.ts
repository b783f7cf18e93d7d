/**
 * @module createApp: the composition root. Builds store, vendor registry, renderer,
 * provisioning service, the phone-facing HTTP server and the admin API; returns start/stop.
 * Nothing happens at import; configuration comes only from main.ts.
 */
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { maskToken, resolveAdminToken } from './admin-token.js';
import { createApiApp } from './api/app.js';
import type { Config } from './config.js';
import { createAddressMatcher } from './domain/cidr.js';
import { close, listen } from './http/listen.js';
import { createHttpsListener } from './http/https-listener.js';
import { createPhoneHandler } from './http/phone-handler.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createProvisioningService } from './provisioning/service.js';
import { createRenderer } from './render/renderer.js';
import { createStore } from './store/index.js';
import { createTftpFileSource } from './tftp/file-source.js';
import { createTftpServer } from './tftp/server.js';
import { loadVendors } from './vendors/load.js';
import { createVendorRegistry } from './vendors/registry.js';

export interface RunningApp {
  /** Bound ports by listener (differ from the configured ones when those are 0); absent when off. */
  readonly ports: { readonly http: number; readonly api: number; readonly https?: number; readonly tftp?: number };
  readonly adminToken: string;
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

export function createApp(config: Config, logger: Logger): App {
  return {
    async start() {
      const vendors = loadVendors(resolve(config.templatesDir));
      const registry = createVendorRegistry(vendors);
      const renderer = createRenderer(vendors);
      const admin = resolveAdminToken(config.api.adminToken, resolve(config.store.dataDir));
      const store = createStore(config.store, { onError: throttled(10_000, (err) => logger.warn({ err: String(err) }, 'store connection error')) });
      const metrics = createMetrics();
      const provisioning = createProvisioningService({
        store,
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
      const phoneHandler = (protocol: 'http' | 'https') => createPhoneHandler({ provisioning, logger, metrics, protocol, trustProxy: config.trustProxy });
      const https = config.https.port === null
        ? undefined
        : createHttpsListener({ config: config.https, host: config.http.host, handler: phoneHandler('https'), store, logger });
      const listeners: Listener[] = [
        httpListener('http', config.http.host, config.http.port, createServer(
          { keepAliveTimeout: 65_000, requestTimeout: 30_000, headersTimeout: 15_000 },
          phoneHandler('http')
        )),
        httpListener('api', config.api.host, config.api.port, createServer(
          createApiApp({
            store, registry, provisioning, adminToken: admin.token, logger, metrics, defaultTimezone: config.defaultTimezone,
            caPem: () => https?.caPem() ?? null,
          })
        )),
      ];
      if (https) listeners.push({ name: 'https', address: config.http.host, start: () => https.start(), stop: () => https.stop() });
      if (config.tftp.port !== null) {
        const getFile = createTftpFileSource(provisioning, createAddressMatcher(config.tftp.allow), metrics);
        const tftp = createTftpServer({ getFile, logger, metrics });
        const port = config.tftp.port;
        listeners.push({ name: 'tftp', address: config.tftp.host, start: () => tftp.listen(port, config.tftp.host), stop: () => tftp.close() });
      }
      const stop = async () => {
        await Promise.all(listeners.map((l) => l.stop()));
        provisioning.close();
        await store.close();
      };
      try {
        await store.getNetwork(); // fail at start, not at the first phone, when the store is unreachable
        const ports: Record<string, number> = {};
        for (const l of listeners) ports[l.name] = await l.start();
        logger.info(
          { vendors: vendors.map((v) => v.id), store: config.store.kind, listen: listeners.map((l) => `${l.name} ${l.address}:${ports[l.name]}`) },
          'provisioning server started'
        );
        if (admin.path) {
          logger.info({ path: admin.path, hint: maskToken(admin.token), created: admin.created }, 'admin API token is kept in this file');
        }
        return { ports: ports as RunningApp['ports'], adminToken: admin.token, stop };
      } catch (err) {
        await stop();
        throw err;
      }
    },
  };
}

// --- internal ---

function httpListener(name: Listener['name'], host: string, port: number, server: Server): Listener {
  return { name, address: host, start: () => listen(server, port, host), stop: () => close(server) };
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
