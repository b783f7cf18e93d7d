/**
 * @module The runner's Prometheus series: `provd_rps_jobs_total{vendor,result}` (one per job run:
 * `registered`, `disabled`, `owned_by_other`, `error`, or `retry` when an `unavailable` failure
 * put it back for later) and `provd_rps_queue_depth` (jobs in the outbox, as the last poll saw it).
 */
import type { Metrics } from '../../metrics.js';

/** `result` label values of provd_rps_jobs_total. */
export type JobResult = 'registered' | 'disabled' | 'owned_by_other' | 'error' | 'retry';

export interface RpsMetrics {
  job(vendor: string, result: JobResult): void;
  queueDepth(depth: number): void;
}

/**
 * `reportQueueDepth`: the outbox is shared by every process (and node), so only one process of a
 * server sets the gauge (the cluster primary sums its workers' series): the others set nothing.
 */
export function createRpsMetrics(metrics: Metrics, reportQueueDepth: boolean): RpsMetrics {
  const jobs = metrics.counter('provd_rps_jobs_total', 'Redirect-service (RPS) jobs run, by vendor and result');
  const depth = reportQueueDepth ? metrics.gauge('provd_rps_queue_depth', 'Redirect-service (RPS) jobs waiting in the outbox') : undefined;
  depth?.set({}, 0);
  return {
    job: (vendor, result) => jobs.inc({ vendor, result }),
    queueDepth: (n) => depth?.set({}, n),
  };
}
