/**
 * @module Process metrics, read at scrape time (nothing runs between scrapes but the event-loop
 * delay sampler, a native timer): resident memory, V8 heap used, open file descriptors
 * (`/proc/self/fd`, Linux), and the event-loop delay since the previous scrape (p50, p99, max).
 * Names follow prom-client's defaults so existing Node.js dashboards work; every series carries
 * `pid`, so a cluster's processes stay apart when the primary merges them.
 */
import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Metrics } from '../metrics.js';

/** Registers the process gauges on `metrics`; answers the function that stops sampling. */
export function registerProcessMetrics(metrics: Metrics): () => void {
  const pid = { pid: String(process.pid) };
  const rss = metrics.gauge('process_resident_memory_bytes', 'Resident memory size, bytes');
  const heap = metrics.gauge('nodejs_heap_size_used_bytes', 'V8 heap used, bytes');
  const fds = metrics.gauge('process_open_fds', 'Open file descriptors');
  const lag = metrics.gauge('nodejs_eventloop_delay_seconds', 'Event-loop delay since the previous scrape, by quantile (1 = the maximum)');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const unregister = metrics.onCollect(() => {
    const memory = process.memoryUsage();
    rss.set(pid, memory.rss);
    heap.set(pid, memory.heapUsed);
    const open = openDescriptors();
    if (open !== undefined) fds.set(pid, open);
    // No sample yet (scraped within 10 ms of the previous scrape): 0 (an empty histogram says 511 ns).
    const seconds = (ns: number) => (delay.count > 0 ? ns / 1e9 : 0);
    lag.set({ ...pid, quantile: '0.5' }, seconds(delay.percentile(50)));
    lag.set({ ...pid, quantile: '0.99' }, seconds(delay.percentile(99)));
    lag.set({ ...pid, quantile: '1' }, seconds(delay.max));
    delay.reset();
  });
  return () => {
    unregister();
    delay.disable();
  };
}

// --- internal ---

/** Open descriptors of this process, or undefined where /proc is not there (not Linux). */
function openDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length - 1; // minus the descriptor reading the folder
  } catch {
    return undefined;
  }
}
