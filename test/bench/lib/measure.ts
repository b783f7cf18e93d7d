/** @module Measuring one load run against one server: rate, latency, server CPU per request. */
import { runHttpJobs, type HttpJob } from './httpload.js';
import { cpuSeconds } from './proc.js';
import { percentile, type Run } from './stats.js';
import { runWrk, type WrkOptions } from './wrk.js';

/** A server under test: the root PID whose process tree is charged, and its HTTP port. */
export interface Target {
  readonly pid: number;
  readonly port: number;
}

/** CLOCK_MONOTONIC in microseconds (the clock V8 stamps .cpuprofile samples with). */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** wrk for a fixed time: req/s, p50/p99 (us), server CPU us/request, errors. */
export async function wrkRun(target: Target, opts: Omit<WrkOptions, 'port'>): Promise<Run> {
  const cpu0 = cpuSeconds(target.pid);
  const client0 = cpuSeconds(process.pid, true);
  const r = await runWrk({ port: target.port, ...opts });
  const cpu = cpuSeconds(target.pid) - cpu0;
  const client = cpuSeconds(process.pid, true) - client0; // wrk, reaped: our cutime+cstime
  const seconds = r.duration_us / 1e6;
  return {
    rps: r.requests / seconds,
    p50_us: r.p50_us,
    p99_us: r.p99_us,
    cpu_us_per_req: (cpu * 1e6) / r.requests,
    server_cpu_pct: (100 * cpu) / seconds,
    client_cpu_pct: (100 * client) / seconds,
    requests: r.requests,
    errors: r.connect_errors + r.read_errors + r.write_errors + r.status_errors + r.timeouts,
  };
}

/** A fixed set of jobs (see httpload): total time, req/s, p50/p99 (us), CPU us/request, failures. */
export async function jobsRun(target: Target, jobs: readonly HttpJob[], concurrency: number, processes = 1): Promise<{ run: Run; failures: Record<string, number> }> {
  const cpu0 = cpuSeconds(target.pid);
  const r = await runHttpJobs(target.port, jobs, concurrency, processes);
  const cpu = cpuSeconds(target.pid) - cpu0;
  const requests = r.ok + r.failed;
  return {
    run: {
      seconds: r.seconds,
      rps: requests / r.seconds,
      p50_us: percentile(r.latenciesUs, 50),
      p99_us: percentile(r.latenciesUs, 99),
      cpu_us_per_req: (cpu * 1e6) / requests,
      server_cpu_pct: (100 * cpu) / r.seconds,
      client_cpu_pct: (100 * r.clientCpuSeconds) / r.seconds,
      failed: r.failed,
      requests,
    },
    failures: r.failures,
  };
}
