/**
 * @module A real phone-path stack for tests: memory store, the acme fixture vendor (or any
 * templates dir), renderer, provisioning service and the node:http handler on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { createMissLimiter, type MissLimiter, type ThrottleSettings } from '../../src/access/miss-limiter.js';
import { createPhonePipeline, type PhonePipeline } from '../../src/access/pipeline.js';
import { createMissThrottle } from '../../src/access/throttle.js';
import { close, listen } from '../../src/http/listen.js';
import { createPhoneHandler } from '../../src/http/phone-handler.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { createRefusalLog, type RefusalLog } from '../../src/observability/refusal-log.js';
import { createProvisioningService } from '../../src/provisioning/service.js';
import type { QrService } from '../../src/qr/service.js';
import { createRenderer } from '../../src/render/renderer.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';

export const FIXTURE_TEMPLATES = fileURLToPath(new URL('../fixtures/templates', import.meta.url));

export interface PhonePath {
  readonly base: string;
  readonly store: Store;
  readonly metrics: Metrics;
  readonly provisioning: ReturnType<typeof createProvisioningService>;
  /** The pipeline the handler adapts (admits any source unless `admits` was given). */
  readonly pipeline: PhonePipeline;
  /** The refusal log of the handler, on `clock`. */
  readonly refusals: RefusalLog;
  /** Every log line written so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The same lines as written (JSON text, one per line). */
  readonly logText: () => string;
  readonly clock: { now: number };
  close(): Promise<void>;
}

export interface PhonePathOptions {
  readonly templatesDir?: string;
  readonly store?: Store;
  readonly qr?: Pick<QrService, 'configuration'>;
  /** The pipeline's source step; default: every source may fetch per-phone files. */
  readonly admits?: (address: string) => boolean;
  /** The miss throttle (in memory unless `limiter` is given); default: off. */
  readonly throttle?: ThrottleSettings;
  /** The throttle's counter, e.g. a Redis one (with `throttle`). */
  readonly limiter?: MissLimiter;
}

export async function startPhonePath(options: PhonePathOptions = {}): Promise<PhonePath> {
  const vendors = loadVendors(options.templatesDir ?? FIXTURE_TEMPLATES);
  const store = options.store ?? createMemoryStore();
  const metrics = createMetrics();
  const logs: Record<string, unknown>[] = [];
  let logText = '';
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logText += String(chunk);
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const clock = { now: Date.parse('2026-03-01T10:00:00Z') };
  const provisioning = createProvisioningService({
    store,
    registry: createVendorRegistry(vendors),
    renderer: createRenderer(vendors),
    logger,
    metrics,
    server: { httpPort: 8080, defaultTimezone: 'UTC' },
    now: () => clock.now,
  });
  const refusals = createRefusalLog({ logger, metrics, now: () => clock.now });
  const throttle = options.throttle && createMissThrottle({ limiter: options.limiter ?? createMissLimiter(options.throttle), metrics, logger });
  const pipeline = createPhonePipeline({ provisioning, admits: options.admits ?? (() => true), throttle });
  const server: Server = createServer(createPhoneHandler({ pipeline, logger, metrics, protocol: 'http', trustProxy: false, refusals, qr: options.qr }));
  const port = await listen(server, 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    store,
    metrics,
    provisioning,
    pipeline,
    refusals,
    logs,
    logText: () => logText,
    clock,
    async close() {
      await close(server);
      refusals.close();
      provisioning.close();
      await store.close();
    },
  };
}
