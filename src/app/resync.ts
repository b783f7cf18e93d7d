/**
 * @module Wiring of resync by SIP NOTIFY (src/resync/) for the process that runs the admin API:
 * the sender, the service, the bulk jobs and auto-resync after changes.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { createAutoResync } from '../resync/auto.js';
import { createResyncJobs, type ResyncJobs } from '../resync/jobs.js';
import { createNotifySender } from '../resync/notify-sender.js';
import { createResyncService, type ResyncService } from '../resync/service.js';
import type { Store } from '../store/types.js';
import type { VendorRegistry } from '../vendors/registry.js';

export interface OpenResync {
  readonly service: ResyncService;
  readonly jobs: ResyncJobs;
  /** Starts listening for changes (auto-resync). */
  start(): void;
  /** Stops auto-resync and the jobs' pacing (NOTIFYs in flight end by their own timer F). */
  stop(): void;
}

export function openResync(config: Config, store: Store, registry: VendorRegistry, logger: Logger, metrics: Metrics): OpenResync {
  const sender = createNotifySender({ timeoutMs: config.resync.timeoutMs });
  const service = createResyncService({ store, registry, sender, sipPort: config.resync.sipPort, logger, metrics });
  const jobs = createResyncJobs({ store, resync: service, ratePerSecond: config.resync.ratePerSecond, logger });
  const auto = createAutoResync({ store, jobs, everyPhone: config.resync.onChange, logger });
  return {
    service,
    jobs,
    start: () => auto.start(),
    stop() {
      auto.stop();
      jobs.close();
    },
  };
}
