/**
 * @module createObservability: what the app wires once per process for operators, beside the
 * metrics registry: the refusal log of the phone path and the process metrics. stop() ends both.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { registerProcessMetrics } from './process-metrics.js';
import { createRefusalLog, type RefusalLog } from './refusal-log.js';

export interface Observability {
  readonly refusals: RefusalLog;
  stop(): void;
}

/** One per process (a cluster worker has its own: refusals are rate-limited per process). */
export function createObservability(logger: Logger, metrics: Metrics): Observability {
  const refusals = createRefusalLog({ logger, metrics });
  const stopProcessMetrics = registerProcessMetrics(metrics);
  return {
    refusals,
    stop() {
      stopProcessMetrics();
      refusals.close();
    },
  };
}
