/**
 * @module The cluster primary's pool of phone-path workers: forks them (the kernel spreads new
 * connections over them: SCHED_NONE, no hand-off through the primary), greets each new worker
 * with what it needs first (the certificate), relays messages to all, collects their metrics,
 * replaces a worker that dies (with back-off when one keeps dying), and stops them all.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.js';
import type { MetricsSnapshot } from '../metrics.js';
import { isProvdMessage, type ToWorker } from './messages.js';

export interface WorkerPoolOptions {
  readonly count: number;
  readonly logger: Logger;
  /** Messages a new worker gets when it says hello, before it starts its listeners. */
  readonly greeting: () => readonly ToWorker[];
  readonly readyTimeoutMs?: number;
}

export interface WorkerPorts {
  readonly http: number;
  readonly https?: number;
}

export interface WorkerPool {
  /** Forks the workers; resolves with their ports once every one listens. */
  start(): Promise<WorkerPorts>;
  broadcast(message: ToWorker): void;
  /** Every live worker's metrics (a worker that does not answer within `timeoutMs` is left out). */
  metrics(timeoutMs?: number): Promise<MetricsSnapshot[]>;
  pids(): number[];
  stop(): Promise<void>;
}

const RESTART_DELAYS_MS = [1_000, 5_000, 30_000];
const STOP_GRACE_MS = 10_000;

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { logger } = options;
  const live = new Set<Worker>();
  const pending = new Map<number, { snapshots: MetricsSnapshot[]; waiting: number; done: () => void }>();
  let stopping = false;
  let nextMetricsId = 1;
  let recentDeaths: number[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const fork = (onReady: (ports: WorkerPorts) => void, onEarlyExit: (code: number | null) => void) => {
    const worker = cluster.fork();
    let ready = false;
    live.add(worker);
    worker.on('message', (message: unknown) => {
      if (!isProvdMessage(message)) return;
      if (message.type === 'provd:hello') for (const m of options.greeting()) worker.send(m);
      else if (message.type === 'provd:ready') {
        ready = true;
        onReady(message.ports);
      } else if (message.type === 'provd:metrics') {
        const p = pending.get(message.id);
        if (p) {
          p.snapshots.push(message.snapshot);
          if (--p.waiting === 0) p.done();
        }
      }
    });
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) return;
      if (!ready) return onEarlyExit(code);
      const now = Date.now();
      recentDeaths = [...recentDeaths.filter((t) => now - t < 60_000), now];
      const delay = RESTART_DELAYS_MS[Math.min(recentDeaths.length - 1, RESTART_DELAYS_MS.length - 1)]!;
      logger.error({ pid: worker.process.pid, code, signal, restartInMs: delay }, 'phone-path worker died; starting another');
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) fork(() => logger.info('replacement worker ready'), (c) => logger.error({ code: c }, 'replacement worker failed to start'));
      }, delay);
      timers.add(timer);
    });
  };

  return {
    start() {
      // Workers accept on the shared socket themselves; the default (round-robin) would pass every
      // new connection through the primary, a cost per connection in a boot storm.
      cluster.schedulingPolicy = cluster.SCHED_NONE;
      cluster.setupPrimary({ serialization: 'advanced' });
      return new Promise((resolve, reject) => {
        let waiting = options.count;
        let failed = false;
        const timer = setTimeout(() => fail(new Error(`workers not listening after ${options.readyTimeoutMs ?? 60_000} ms`)), options.readyTimeoutMs ?? 60_000);
        const fail = (err: Error) => {
          if (failed) return;
          failed = true;
          clearTimeout(timer);
          reject(err);
        };
        for (let i = 0; i < options.count; i++) {
          fork(
            (ports) => {
              if (--waiting === 0 && !failed) {
                clearTimeout(timer);
                resolve(ports);
              }
            },
            (code) => fail(new Error(`a phone-path worker exited with code ${code} before listening (see its log above)`))
          );
        }
      });
    },
    broadcast(message) {
      for (const w of live) if (w.isConnected()) w.send(message);
    },
    metrics(timeoutMs = 1_000) {
      const workers = [...live].filter((w) => w.isConnected());
      if (workers.length === 0) return Promise.resolve([]);
      const id = nextMetricsId++;
      return new Promise((resolve) => {
        const snapshots: MetricsSnapshot[] = [];
        const done = () => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(snapshots);
        };
        const timer = setTimeout(done, timeoutMs);
        pending.set(id, { snapshots, waiting: workers.length, done });
        for (const w of workers) w.send({ type: 'provd:metrics-request', id });
      });
    },
    pids: () => [...live].map((w) => w.process.pid!).filter((pid) => pid !== undefined),
    async stop() {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all([...live].map((w) => stopWorker(w)));
    },
  };
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    if (worker.isConnected()) worker.send({ type: 'provd:stop' });
    else worker.process.kill('SIGTERM');
  });
}
