/**
 * @module createApiApp: the express 5 admin API (PortSIP-shaped, under /api, bearer token of an
 * identity with a role: authentication once for /api, authorisation per route as each route
 * declares), plus `/healthz`, `/readyz`, `/metrics`, `/api/openapi.json` and `/api/docs` without a
 * token. The OpenAPI document is built once here, from the routes registered. Only src/api/
 * imports express.
 */
import express from 'express';
import { performance } from 'node:perf_hooks';
import type { ConsoleHandler } from '../console/handler.js';
import type { FirmwareService } from '../firmware/service.js';
import { createReadiness, type Readiness } from '../health/readiness.js';
import { createAuthenticator } from '../identity/authenticate.js';
import { createTokensService } from '../identity/tokens-service.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RedirectDirectory } from '../redirect/index.js';
import type { ProvisioningService } from '../provisioning/types.js';
import type { QrService } from '../qr/service.js';
import type { ApiTokenStore } from '../store/token-types.js';
import type { Store } from '../store/types.js';
import type { UnknownPhoneStore } from '../store/unknown-types.js';
import type { TemplatesService } from '../templates/service.js';
import type { VendorRegistry } from '../vendors/registry.js';
import { auditSecretLists, auditWrites } from './audit.js';
import { bearerAuth } from './auth.js';
import { BODY_LIMIT_TEXT, jsonBody } from './body.js';
import { errorHandler, notFound } from './error-handler.js';
import { createNetworkService } from './network-service.js';
import { createPhoneRps } from './phone-rps.js';
import { createPhonesService } from './phones-service.js';
import { certsRouter } from './routes/certs.js';
import { firmwareRouter } from './routes/firmware.js';
import { healthRouter } from './routes/health.js';
import { networkRouter } from './routes/network.js';
import { phonesRouter } from './routes/phones.js';
import { qrRouter } from './routes/qr.js';
import { resyncRouter, type ResyncApi } from './routes/resync.js';
import { unknownPhonesRouter } from './routes/unknown-phones.js';
import { rpsRouter } from './routes/rps.js';
import { selfRouter } from './routes/self.js';
import { settingsRouter } from './routes/settings.js';
import { templatesRouter } from './routes/templates.js';
import { tokensRouter } from './routes/tokens.js';
import { usersRouter } from './routes/users.js';
import { vendorsRouter } from './routes/vendors.js';
import { packageVersion } from '../openapi/package-version.js';
import { buildOpenApiDocument } from '../openapi/document.js';
import { collectRoutes } from './route-docs.js';
import { openApiRouter } from './routes/openapi.js';
import { route } from './routing.js';
import { createRpsAccountsService } from './rps-accounts-service.js';
import { createUsersService } from './users-service.js';
import { createSettingsService } from '../settings/service.js';

/** Everything the admin API uses, passed explicitly (no globals). */
export interface ApiDeps {
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly provisioning: ProvisioningService;
  /** The bootstrap admin token (non-empty): a SystemAdmin identity, besides the stored tokens. */
  readonly adminToken: string;
  /** API tokens of the other identities (src/identity/), hashed at rest. */
  readonly tokens: ApiTokenStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The text `/metrics` answers; default: `metrics.render()` (a cluster primary adds its workers'). */
  readonly metricsText?: () => Promise<string>;
  /** IANA time zone given to phones created without one. */
  readonly defaultTimezone: string;
  /** The CA certificate (PEM) phones trust for HTTPS, or null (HTTPS off); default: none. */
  readonly caPem?: () => string | null;
  /** What `/readyz` answers; default: ready when the store answers in time (no data-epoch check). */
  readonly readiness?: () => Promise<Readiness>;
  /**
   * Softphone and door QR codes; without it the QR routes do not exist. A changed extension
   * password or a destroyed user ends the user's outstanding QR tokens.
   */
  readonly qr?: { readonly service: QrService; readonly doorPerMinute: number };
  /** The unknown-device table; without it the unknown-device routes do not exist. */
  readonly unknownPhones?: UnknownPhoneStore;
  /** Firmware uploads (src/firmware/); without it the firmware routes do not exist. */
  readonly firmware?: FirmwareService;
  /** The web console at `/` and `/console/*` (src/console/); without it those paths are 404s. */
  readonly console?: ConsoleHandler;
  /** Clock for created_at/updated_at (tests pin it); default `() => new Date()`. */
  readonly now?: () => Date;
  /** The redirect services (RPS) and which each vendor may use. */
  readonly redirect: RedirectDirectory;
  /** Resync by SIP NOTIFY (src/resync/); without it the resync routes do not exist. */
  readonly resync?: ResyncApi;
  /** Templates edited over the API (src/templates/); without it the `/api/templates` routes do not exist. */
  readonly templates?: TemplatesService;
  /** Timeout of a redirect-service call made by the API (`POST /api/rps/accounts/{vendor}/check`); default the client's. */
  readonly rpsTimeoutMs?: number;
  /** `info.version` of the OpenAPI document; default: package.json's version. */
  readonly version?: string;
}

const API_TITLE = 'provd admin API';
const API_DESCRIPTION =
  'PortSIP-shaped REST API of the provd phone auto-provisioning server. Every path under `/api` needs ' +
  '`Authorization: Bearer <token>` except this document and its reference page. Errors answer ' +
  '`{ code, message, errors: [{ field, message }] }` with a PROV_ERR_* code; list endpoints take ' +
  '`filter`, `search`, `orderby`, `skip`, `top` and answer `{ count, items }`.';

/** Admin API latency buckets, seconds: lists of 1,000 records take tens of ms, writes a few. */
const API_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Builds the app; the caller listens (`app.listen(port, host)`) and closes the server. */
export function createApiApp(deps: ApiDeps): express.Express {
  const now = deps.now ?? (() => new Date());
  const qr = deps.qr;
  const users = createUsersService({ store: deps.store, now, revokeQrTokens: qr && ((id) => qr.service.revoke(id)) });
  const phoneRps = createPhoneRps(deps);
  const phones = createPhonesService({ ...deps, rps: phoneRps, now });
  const rps = rpsRouter({
    accounts: createRpsAccountsService({ ...deps, now }),
    phoneRps,
    registry: deps.registry,
    redirect: deps.redirect,
    rpsView: async (mac) => {
      const { phone, view } = await phones.byMac(mac);
      return { mac: phone.mac, rps: phone.rps, rps_status: view.rps_status, rps_message: view.rps_message, rps_updated_at: view.rps_updated_at };
    },
  });
  const network = createNetworkService(deps.store);
  const authenticate = createAuthenticator({ adminToken: deps.adminToken, tokens: deps.tokens, store: deps.store });
  const tokens = createTokensService({ tokens: deps.tokens, store: deps.store, now });
  const requests = deps.metrics.counter('provd_api_requests_total', 'Admin API requests by method and status');
  const latency = deps.metrics.histogram('provd_api_request_duration_seconds', 'Admin API response time by method and status class', API_BUCKETS);

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const start = performance.now();
    res.on('finish', () => {
      requests.inc({ method: req.method, status: String(res.statusCode) });
      latency.observe({ method: req.method, status_class: `${Math.floor(res.statusCode / 100)}xx` }, (performance.now() - start) / 1000);
    });
    next();
  });

  const consoleHandler = deps.console;
  if (consoleHandler) app.use((req, res, next) => void (consoleHandler(req, res) || next()));

  const open = express.Router();
  open.use(healthRouter(deps.readiness ?? createReadiness(async () => (await deps.store.readEpoch(), 'intact'))));
  route(open, '/metrics', {
    GET: {
      summary: 'Prometheus metrics',
      tags: ['health'],
      responses: { 200: { description: 'Prometheus text format 0.0.4.', content: { 'text/plain': 'Metrics.' } } },
      handler: async (_req, res) => {
        const text = deps.metricsText ? await deps.metricsText() : deps.metrics.render();
        res.set('Content-Type', 'text/plain; version=0.0.4; charset=utf-8').send(text);
      },
    },
  }, 'public');
  let openApiText = '';
  open.use(openApiRouter(() => openApiText, API_TITLE));
  app.use(open);

  // Authenticate before reading any body: an anonymous client gets nothing parsed.
  app.use('/api', auditWrites(deps.logger), auditSecretLists(deps.logger), bearerAuth(authenticate));
  // Before the JSON body parser: an upload's body is the file, streamed to disk.
  if (deps.firmware) app.use('/api', firmwareRouter(deps.firmware));
  app.use('/api', ...jsonBody());
  app.use('/api', usersRouter(users), phonesRouter(phones), rps, networkRouter(network), vendorsRouter(deps.registry), settingsRouter(createSettingsService(deps)), certsRouter(deps.caPem ?? (() => null)));
  app.use('/api', tokensRouter(tokens), selfRouter(users, phones));
  if (deps.resync) app.use('/api', resyncRouter(deps.resync));
  if (deps.templates) app.use('/api', templatesRouter(deps.templates));
  if (deps.unknownPhones) app.use('/api', unknownPhonesRouter(deps.unknownPhones, phones));
  if (qr) {
    const { store, registry, logger } = deps;
    app.use('/api', qrRouter({ qr: qr.service, doorPerMinute: qr.doorPerMinute, store, registry, logger, now: deps.now && (() => deps.now!().getTime()) }));
  }
  app.use(notFound);
  app.use(errorHandler(deps.logger, BODY_LIMIT_TEXT));
  // Once, from what was registered above: a route cannot be served without being in the document.
  const document = buildOpenApiDocument(collectRoutes(app), { title: API_TITLE, version: deps.version ?? packageVersion(), description: API_DESCRIPTION });
  openApiText = JSON.stringify(document);
  return app;
}
