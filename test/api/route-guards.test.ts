/**
 * Guard test (issue 12 §4): every route of the admin API declares who may use it, so a route
 * added without `route()` (and so without a role check) fails here, naming the route.
 */
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../src/api/app.js';
import { authorize } from '../../src/api/auth.js';
import { asPassThrough, unguardedRoutes } from '../../src/api/route-guards.js';
import { route } from '../../src/api/routing.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createQrService } from '../../src/qr/service.js';
import { createRedirectDirectory, REDIRECT_SERVICES } from '../../src/redirect/index.js';
import { createMemoryQrTokenStore } from '../../src/store/memory-qr.js';
import { createMemoryApiTokenStore } from '../../src/store/memory-tokens.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createResyncJobs } from '../../src/resync/jobs.js';
import { createNotifySender } from '../../src/resync/notify-sender.js';
import { createResyncService } from '../../src/resync/service.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { createFakeProvisioning } from '../helpers/fake-provisioning.js';
import { loadTestVendors } from '../helpers/api-harness.js';

describe('admin API route guards', () => {
  it('finds a role check in front of every handler of every route, the QR, RPS and resync routes included', () => {
    const store = createMemoryStore();
    const registry = createVendorRegistry(loadTestVendors());
    const logger = createLogger({ level: 'silent' });
    const resync = createResyncService({ store, registry, sender: createNotifySender(), sipPort: 5060, logger, metrics: createMetrics() });
    const qr = createQrService({ store, tokens: createMemoryQrTokenStore(), ports: { httpPort: 8080 }, settings: { tokenTtlSeconds: 60, acrobitsCloudId: undefined } });
    const app = createApiApp({
      store, registry, provisioning: createFakeProvisioning(), adminToken: 'guard-test-token-0123456789',
      tokens: createMemoryApiTokenStore(), logger: createLogger({ level: 'silent' }), metrics: createMetrics(), defaultTimezone: 'UTC', qr: { service: qr, doorPerMinute: 5 },
      redirect: createRedirectDirectory(REDIRECT_SERVICES),
      resync: { service: resync, jobs: createResyncJobs({ store, resync, ratePerSecond: 5, logger }) },
    });

    expect(unguardedRoutes(app)).toStrictEqual([]);
  });

  it('names a route registered without a declaration, and passes declared and pass-through ones', () => {
    const app = express();
    const router = express.Router();
    route(router, '/declared', { GET: { summary: 'Declared', responses: { 200: { description: 'Empty.' } }, handler: (_req, res) => void res.end() } });
    router.get('/declared', asPassThrough((_req, _res, next) => next()));
    router.post('/bare', (_req, res) => void res.end());
    router.route('/late').get((_req, _res, next) => next(), authorize('public'));
    app.use('/api', router);

    expect(unguardedRoutes(app)).toStrictEqual(['POST /bare', 'GET /late']);
  });
});
