/**
 * @module The access wiring of the phone path: the miss throttle on the configured backend (a
 * Redis store gets a Redis counter on its own connection, so every node shares a source's count;
 * memory and SQLite count in process), the unknown-device table and its recorder, the
 * device-authentication step, and one pipeline per transport with its CIDR list.
 */
import { connectionError } from '../observability/log-throttle.js';
import { createPhonePipeline, type AuthoriseStep, type PhonePipeline } from '../access/pipeline.js';
import { createMissLimiter } from '../access/miss-limiter.js';
import { createMissThrottle, type MissThrottle } from '../access/throttle.js';
import { createUnknownDeviceRecorder } from '../access/unknown-devices.js';
import { createDeliveryRecorder, createDeviceAuthStep, createNonces } from '../device-auth/index.js';
import type { Config } from '../config.js';
import { createAddressMatcher } from '../domain/cidr.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { FetchRequest, ProvisioningService, RenderedFile } from '../provisioning/types.js';
import { closeConnection } from '../store/redis-events.js';
import { connectRedis } from '../store/redis.js';
import type { Store } from '../store/types.js';
import { createUnknownPhoneStore } from '../store/unknown-index.js';
import type { UnknownPhoneStore } from '../store/unknown-types.js';
import type { VendorRegistry } from '../vendors/registry.js';

export interface AccessWiring {
  /** The pipeline of a transport: HTTP and HTTPS admit PROV_HTTP_ALLOW (empty: anyone), TFTP PROV_TFTP_ALLOW (empty: no one). */
  pipeline(transport: 'http' | 'tftp'): PhonePipeline;
  /** The unknown-device table, for the admin API. */
  readonly unknownPhones: UnknownPhoneStore;
  close(): Promise<void>;
}

/**
 * Connection errors of the Redis counter are logged at most every 10 s (a down Redis reports each
 * retry). `steps`: authorise steps run before device authentication (client certificates); a
 * step's refusal for missing credentials is answered with the file's first stage where there is one.
 */
export function openAccess(config: Config, provisioning: ProvisioningService, store: Store, registry: VendorRegistry, logger: Logger, metrics: Metrics, steps: readonly AuthoriseStep[] = []): AccessWiring {
  const settings = config.throttle;
  const client = settings && config.store.kind === 'redis' ? connectRedis(config.store.redisUrl) : undefined;
  client?.on('error', connectionError(logger, 'miss throttle: Redis connection error'));
  const throttle: MissThrottle | undefined = settings
    ? createMissThrottle({ limiter: createMissLimiter(settings, client && { client, prefix: config.store.redisPrefix }), metrics, logger })
    : undefined;
  const unknownPhones = createUnknownPhoneStore(config.store, connectionError(logger, 'unknown-device table: Redis connection error'));
  const unknownDevices = createUnknownDeviceRecorder({ registry, store, unknown: unknownPhones, logger });
  const httpAllow = config.http.allow.length === 0 ? () => true : createAddressMatcher(config.http.allow);
  // One step (one nonce key and replay window) for every transport of this process.
  const deviceAuth = createDeviceAuthStep({
    nonces: createNonces({ ttlMs: config.deviceAuth.nonceTtlS * 1000 }),
    graceMs: config.deviceAuth.graceS * 1000,
    delivered: createDeliveryRecorder(store, logger),
    metrics,
  });
  // Client certificates first: a certificate bound to another phone is 403 before any challenge.
  const authorise = [...steps, deviceAuth];
  const bootstrap = (request: FetchRequest, file: RenderedFile) => provisioning.bootstrap(request, file);
  const pipelines = {
    http: createPhonePipeline({ provisioning, admits: httpAllow, authorise, bootstrap, throttle, unknownDevices }),
    tftp: createPhonePipeline({ provisioning, admits: createAddressMatcher(config.tftp.allow), authorise, bootstrap, throttle, unknownDevices }),
  };
  return {
    pipeline: (transport) => pipelines[transport],
    unknownPhones,
    close: async () => {
      if (client) await closeConnection(client);
      await unknownPhones.close();
    },
  };
}
