/**
 * @module The admin API with every optional part on (QR codes, unknown devices, resync, templates), on a real
 * listener (127.0.0.1, random port), for the OpenAPI tests: they need the express app itself too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApiApp } from '../../src/api/app.js';
import { createFirmwareRepository } from '../../src/firmware/repository.js';
import { createFirmwareService } from '../../src/firmware/service.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createQrService } from '../../src/qr/service.js';
import { createRedirectDirectory, REDIRECT_SERVICES } from '../../src/redirect/index.js';
import { createResyncJobs } from '../../src/resync/jobs.js';
import { createNotifySender } from '../../src/resync/notify-sender.js';
import { createResyncService } from '../../src/resync/service.js';
import { createMemoryQrTokenStore } from '../../src/store/memory-qr.js';
import { createMemoryApiTokenStore } from '../../src/store/memory-tokens.js';
import { createMemoryUnknownPhoneStore } from '../../src/store/memory-unknown.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { UnknownPhoneStore } from '../../src/store/unknown-types.js';
import { createTemplateOverlay } from '../../src/templates/overlay.js';
import { createTemplatesService } from '../../src/templates/service.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { loadTestVendors, TOKEN } from './api-harness.js';
import { createFakeProvisioning } from './fake-provisioning.js';

export interface FullApi {
  readonly app: Express;
  readonly baseUrl: string;
  readonly unknownPhones: UnknownPhoneStore;
  /** fetch() with the bootstrap admin token (unless `token: null`) and a JSON body when given. */
  request(method: string, path: string, options?: { body?: unknown; token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export async function startFullApi(): Promise<FullApi> {
  const store = createMemoryStore();
  const unknownPhones = createMemoryUnknownPhoneStore();
  const registry = createVendorRegistry(loadTestVendors());
  const logger = createLogger({ level: 'silent' });
  const resync = createResyncService({ store, registry, sender: createNotifySender({ timeoutMs: 1000 }), sipPort: 5060, logger, metrics: createMetrics() });
  const qr = createQrService({ store, tokens: createMemoryQrTokenStore(), ports: { httpPort: 8080 }, settings: { tokenTtlSeconds: 60, acrobitsCloudId: 'ACME42' } });
  const firmwareDir = mkdtempSync(join(tmpdir(), 'provd-fw-api-'));
  const firmware = createFirmwareService({ repository: createFirmwareRepository({ dir: firmwareDir, maxBytes: 1 << 20 }), registry, store });
  const app = createApiApp({
    firmware,
    store, registry, provisioning: createFakeProvisioning(), adminToken: TOKEN,
    tokens: createMemoryApiTokenStore(), logger, metrics: createMetrics(), defaultTimezone: 'UTC',
    qr: { service: qr, doorPerMinute: 5 }, unknownPhones, redirect: createRedirectDirectory(REDIRECT_SERVICES), version: '9.9.9-test',
    resync: { service: resync, jobs: createResyncJobs({ store, resync, ratePerSecond: 5, logger }) },
    templates: createTemplatesService({ store, registry, overlay: createTemplateOverlay(), apply: async () => {}, logger }),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    baseUrl,
    unknownPhones,
    request: (method, path, options = {}) => {
      const headers: Record<string, string> = {};
      if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(baseUrl + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    },
    close: () => new Promise((resolve) => server.close(() => (rmSync(firmwareDir, { recursive: true, force: true }), resolve()))),
  };
}
