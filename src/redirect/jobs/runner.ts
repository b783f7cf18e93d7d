/**
 * @module The RPS job runner, one per process: leases due jobs from the store's outbox (a lease
 * per MAC, so a job runs in one process at a time across workers and nodes), reconciles each MAC
 * with its vendor's service (reconcile.ts) and writes the result (settle.ts).
 *
 * When it looks for work: every `pollMs` (due retries, jobs whose lease expired in a process that
 * died, changes made on other nodes whose events were lost), right after every store event this
 * process hears (so a change is registered within about a second), and whenever a job ends while
 * more may be waiting. Up to `concurrency` jobs run at once; calls to one vendor are rate-limited.
 *
 * Time bounds: each service call ends within the client's timeout (`callTimeoutMs`); a job as a
 * whole within 4 of them (then it counts as `unavailable` and is retried); its lease lasts 5 of
 * them, so no job outlives its lease. stop() lets running jobs finish for `stopTimeoutMs`, then
 * abandons them unwritten: their leases expire and another run picks them up.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics.js';
import type { RpsJob, RpsStore } from '../../store/rps-types.js';
import type { Store } from '../../store/types.js';
import { RedirectError } from '../types.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { createClientCache, type ResolveClient } from './clients.js';
import { createRpsMetrics } from './metrics.js';
import type { PhonePathPorts } from './phone-url.js';
import { createRateLimiter } from './rate-limit.js';
import { NO_VENDOR, reconcile, type Reconciled } from './reconcile.js';
import { settle } from './settle.js';

/** The store as the runner uses it: the outbox and accounts, and the records a URL is made of. */
export type RunnerStore = Pick<Store, 'getPhoneByMac' | 'getUser' | 'getNetwork' | 'subscribe'> & RpsStore;

export interface RpsRunnerOptions {
  /** Between two looks at the outbox without any event (ms). */
  readonly pollMs: number;
  /** A service call's time limit (ms; the clients are made with it, PROV_RPS_TIMEOUT). */
  readonly callTimeoutMs: number;
  /** Calls per second to one vendor (PROV_RPS_RATE). */
  readonly ratePerSecond: number;
  readonly retry?: RetryPolicy;
  /** Jobs running at once (default 8). */
  readonly concurrency?: number;
  /** How long stop() waits for running jobs (default 5 s). */
  readonly stopTimeoutMs?: number;
  /** Whether this process sets provd_rps_queue_depth (default true; a cluster worker does not). */
  readonly reportQueueDepth?: boolean;
}

export interface RpsRunnerDeps {
  readonly store: RunnerStore;
  /** The client of an account; made with `callTimeoutMs` as its timeout. */
  readonly resolveClient: ResolveClient;
  readonly ports: PhonePathPorts;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Lease owner id (default: host, pid and a random part, new per runner). */
  readonly owner?: string;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface RpsRunner {
  readonly owner: string;
  /** Starts polling and listening to store events; looks for work at once. */
  start(): void;
  /** Looks for due jobs now. */
  wake(): void;
  /** Stops leasing; waits for running jobs up to the stop timeout, then abandons them. Never rejects. */
  stop(): Promise<void>;
}

export function createRpsRunner(deps: RpsRunnerDeps, options: RpsRunnerOptions): RpsRunner {
  const { store, logger } = deps;
  const now = deps.now ?? Date.now;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const concurrency = options.concurrency ?? 8;
  const jobDeadlineMs = 4 * options.callTimeoutMs;
  const leaseMs = 5 * options.callTimeoutMs;
  const metrics = createRpsMetrics(deps.metrics, options.reportQueueDepth ?? true);
  const clients = createClientCache(store, deps.resolveClient);
  const limiter = createRateLimiter({ perSecond: options.ratePerSecond });
  const reconcileDeps = { store, clients, limiter, ports: deps.ports, onReleaseFailed: (mac: string, vendor: string, err: RedirectError) => logger.warn({ mac, vendor, kind: err.kind, message: err.message }, 'redirect service: unregistering the old vendor failed') };
  const settleDeps = { store, owner, retry: options.retry ?? DEFAULT_RETRY_POLICY, metrics, logger, now, random: deps.random ?? Math.random };
  /** Aborted when stop() gives up waiting: running jobs end at once, unwritten. */
  const abandon = new AbortController();
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const warnStore = throttled(10_000, (err: unknown) => logger.warn({ err: (err as Error).message }, 'redirect service jobs: the store failed; trying again later'));
  let leasing: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  const runJob = async (job: RpsJob): Promise<void> => {
    const deadline = new AbortController();
    const timeout = setTimeout(() => deadline.abort(new RedirectError('unavailable', `the job took longer than ${jobDeadlineMs} ms`)), jobDeadlineMs);
    let result: Reconciled;
    try {
      result = await reconcile(reconcileDeps, job, AbortSignal.any([deadline.signal, abandon.signal]));
    } catch (err) {
      // The store failed (reading the phone): retried like an unavailable service.
      result = { kind: 'failed', vendor: job.release?.vendor ?? NO_VENDOR, error: new RedirectError('unavailable', `store: ${(err as Error).message}`) };
    } finally {
      clearTimeout(timeout);
    }
    if (abandon.signal.aborted) return; // stopped meanwhile: the lease expires, another run does it again
    await settle(settleDeps, job, result).catch(warnStore);
  };

  const track = (job: RpsJob) => {
    const running: Promise<void> = runJob(job).finally(() => {
      inFlight.delete(running);
      wake(); // room for one more, and a job marked while it ran is due again
    });
    inFlight.add(running);
  };

  /** Leases and starts jobs while there is room and work; one lease call at a time per process. */
  const fill = async () => {
    do {
      again = false;
      const room = concurrency - inFlight.size;
      if (room <= 0 || stopped) return;
      const jobs = await store.leaseRpsJobs(owner, now(), leaseMs, room);
      if (stopped) return; // leased while stopping: the leases expire
      for (const job of jobs) track(job);
      if (jobs.length === room) again = true;
    } while (again);
  };

  function wake(): void {
    if (stopped) return;
    if (leasing) {
      again = true;
      return;
    }
    leasing = fill().catch(warnStore).finally(() => (leasing = undefined));
  }

  const reportDepth = options.reportQueueDepth ?? true;
  const poll = () => {
    timer = setTimeout(() => {
      wake();
      const counted = reportDepth ? store.countRpsJobs().then(metrics.queueDepth, warnStore) : Promise.resolve();
      void counted.finally(() => !stopped && poll());
    }, options.pollMs);
    timer.unref();
  };

  return {
    owner,
    start() {
      unsubscribe = store.subscribe(() => wake());
      poll();
      wake();
    },
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe?.();
      await leasing;
      if (inFlight.size === 0) return;
      const finished = Promise.allSettled([...inFlight]).then(() => true);
      if (await Promise.race([finished, delay(options.stopTimeoutMs ?? 5_000, false)])) return;
      abandon.abort(new RedirectError('unavailable', 'the server stopped'));
      logger.warn({ jobs: inFlight.size }, 'redirect service jobs abandoned at stop (their leases expire; they run again later)');
    },
  };
}

// --- internal ---

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}

/** Calls `fn` at most once per `intervalMs` (a store that is down fails every poll). */
function throttled(intervalMs: number, fn: (err: unknown) => void): (err: unknown) => void {
  let last = -Infinity;
  return (err) => {
    const t = Date.now();
    if (t - last < intervalMs) return;
    last = t;
    fn(err);
  };
}
