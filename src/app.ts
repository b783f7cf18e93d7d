/**
 * @module createApp: the composition root. Builds store, vendor registry, renderer,
 * provisioning service, the phone-facing HTTP server and the admin API; returns start/stop.
 * Nothing happens at import; nothing here reads process.env (main.ts passes the config).
 */
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { maskToken, resolveAdminToken } from './admin-token.js';
import { createApiApp } from './api/app.js';
import type { Config } from './config.js';
import { close, listen } from './http/listen.js';
import { createPhoneHandler } from './http/phone-handler.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createProvisioningService } from './provisioning/service.js';
import { createRenderer } from './render/renderer.js';
import { createStore } from './store/index.js';
import { loadVendors } from './vendors/load.js';
import { createVendorRegistry } from './vendors/registry.js';

export interface RunningApp {
  /** Bound ports (differ from the configured ones when those are 0). */
  readonly ports: { readonly http: number; readonly api: number };
  readonly adminToken: string;
  stop(): Promise<void>;
}

export interface App {
  start(): Promise<RunningApp>;
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
        server: { httpPort: config.http.publicPort ?? config.http.port, defaultTimezone: config.defaultTimezone },
      });
      const phoneServer: Server = createServer(
        { keepAliveTimeout: 65_000, requestTimeout: 30_000, headersTimeout: 15_000 },
        createPhoneHandler({ provisioning, logger, metrics, protocol: 'http', trustProxy: config.trustProxy })
      );
      const apiServer: Server = createServer(
        createApiApp({ store, registry, provisioning, adminToken: admin.token, logger, metrics, defaultTimezone: config.defaultTimezone })
      );
      const stop = async () => {
        await Promise.all([close(phoneServer), close(apiServer)]);
        provisioning.close();
        await store.close();
      };
      try {
        await store.getNetwork(); // fail at start, not at the first phone, when the store is unreachable
        const http = await listen(phoneServer, config.http.port, config.http.host);
        const api = await listen(apiServer, config.api.port, config.api.host);
        logger.info(
          { vendors: vendors.map((v) => v.id), store: config.store.kind, http: `${config.http.host}:${http}`, api: `${config.api.host}:${api}` },
          'provisioning server started'
        );
        if (admin.path) {
          logger.info({ path: admin.path, hint: maskToken(admin.token), created: admin.created }, 'admin API token is kept in this file');
        }
        return { ports: { http, api }, adminToken: admin.token, stop };
      } catch (err) {
        await stop();
        throw err;
      }
    },
  };
}

// --- internal ---

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
