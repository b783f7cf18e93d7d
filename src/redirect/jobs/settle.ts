/**
 * @module What a job's result becomes in the store: the outcome completes the job, an
 * `unavailable` failure puts it back with backoff (until the attempts run out: then `error`), and
 * every other failure ends it at once (`owned_by_other` is never taken over by a retry, and bad
 * values or credentials do not get better by asking again). Counted and logged once per run.
 */
import type { Logger } from '../../logger.js';
import type { RpsJob, RpsOutcome, RpsStore } from '../../store/rps-types.js';
import { isTransient } from '../types.js';
import { retryDelay, type RetryPolicy } from './backoff.js';
import type { JobResult, RpsMetrics } from './metrics.js';
import type { Reconciled } from './reconcile.js';

export interface SettleDeps {
  readonly store: Pick<RpsStore, 'completeRpsJob' | 'retryRpsJob'>;
  /** This process's lease owner id. */
  readonly owner: string;
  readonly retry: RetryPolicy;
  readonly metrics: RpsMetrics;
  readonly logger: Logger;
  readonly now: () => number;
  readonly random: () => number;
}

/**
 * Writes `result` of a run of `job` (leased by `deps.owner`). Answers false when the lease was
 * lost meanwhile (expired and taken by another process): then nothing was written.
 */
export async function settle(deps: SettleDeps, job: RpsJob, result: Reconciled): Promise<boolean> {
  const { store, owner, logger } = deps;
  const now = deps.now();
  const at = new Date(now).toISOString();
  const fields = { mac: job.mac, vendor: result.vendor, attempt: job.attempts + 1 };
  if (result.kind === 'done') {
    const outcome: RpsOutcome = { status: result.status, message: result.message, updated_at: at, ...(result.url === undefined ? {} : { url: result.url }) };
    const kept = await store.completeRpsJob(owner, job, outcome);
    count(deps, result.vendor, result.status, kept);
    if (result.status === 'error') logger.warn({ ...fields, message: result.message }, 'redirect service: job failed');
    else logger.info({ ...fields, status: result.status }, 'redirect service: job done');
    return kept;
  }
  const { error } = result;
  const failed = job.attempts + 1;
  const delay = isTransient(error) ? retryDelay(deps.retry, failed, deps.random) : undefined;
  if (delay !== undefined) {
    const kept = await store.retryRpsJob(owner, job, now + delay, { status: 'pending', message: error.message, updated_at: at });
    count(deps, result.vendor, 'retry', kept);
    logger.info({ ...fields, kind: error.kind, message: error.message, retryInMs: delay }, 'redirect service unavailable: job retried later');
    return kept;
  }
  const status = error.kind === 'owned_by_other' ? 'owned_by_other' : 'error';
  const message = isTransient(error) ? `gave up after ${failed} attempts: ${error.message}` : error.message;
  const kept = await store.completeRpsJob(owner, job, { status, message, updated_at: at });
  count(deps, result.vendor, status, kept);
  logger.warn({ ...fields, kind: error.kind, message }, 'redirect service: job failed');
  return kept;
}

// --- internal ---

function count(deps: SettleDeps, vendor: string, result: JobResult, kept: boolean): void {
  if (kept) deps.metrics.job(vendor, result);
  else deps.logger.warn({ vendor }, 'redirect service: job lease lost before its result was written (another process runs it)');
}
