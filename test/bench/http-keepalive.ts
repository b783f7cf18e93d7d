/**
 * HTTP keep-alive: 10,000 phones, each phone's ~4 KB `<mac>.cfg` fetched at random (wrk + Lua,
 * 64 and 256 connections), nginx (same number of worker processes as ours) serving the exact same
 * bytes as static files vs our phone path, alternating runs. Also a cold first pass (every file
 * once, 64 keep-alive connections, each server restarted first).
 *
 *   npm run bench:http-keepalive          (BENCH_PHONES, BENCH_RUNS, BENCH_SECONDS,
 *                                          BENCH_CONNECTIONS=64,256, BENCH_WRK_THREADS, BENCH_PIN=0|1, BENCH_PROFILE=1)
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { shuffled, startFleetBench } from './lib/fleet.js';
import type { HttpJob } from './lib/httpload.js';
import { jobsRun, monotonicUs, wrkRun, type Target } from './lib/measure.js';
import { startNginx, type Nginx } from './lib/nginx.js';
import { ensureTools, pinning } from './lib/proc.js';
import { mainProfile, printProfile, summariseProfile, type ProfileSummary } from './lib/profile.js';
import { startProvd, type Provd } from './lib/provd.js';
import { envNumber, HTTP_COLUMNS, medians, printComparisons, summarise, writeResults, type Comparison, type Run } from './lib/stats.js';
import { writeWrkFiles } from './lib/wrk.js';

const PHONES = envNumber('BENCH_PHONES', 10_000);
const RUNS = envNumber('BENCH_RUNS', 3);
const SECONDS = envNumber('BENCH_SECONDS', 10);

const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '64,256').split(',').map(Number);
const COLD_CONNECTIONS = 64;
const TARGET = 0.9; // issue 5: >= 0.9x nginx at 64 connections

ensureTools({ nginx: 'nginx', wrk: 'wrk' });
const setup = await startFleetBench('http-keepalive', PHONES);
const { dir, root, dataDir, fleet, workers } = setup;
let ours: Provd = setup.ours;
// wrk threads: one per client CPU (1 when pinned, else one per core).
const THREADS = envNumber('BENCH_WRK_THREADS', pinning.enabled ? 1 : cpus().length);
let nginx: Nginx = await startNginx({ root, dir: join(dir, 'nginx'), workers });
const t = (s: Provd | Nginx): Target => ('httpPort' in s ? { pid: s.proc.pid, port: s.httpPort } : { pid: s.proc.pid, port: s.port });

// Cold first pass: every per-MAC file once, in the same shuffled order, over 64 keep-alive connections.
const order = shuffled(fleet.files.map((f) => f.perMac));
const coldJobs: HttpJob[] = Array.from({ length: COLD_CONNECTIONS }, (_, c) => ({
  requests: order.filter((_, i) => i % COLD_CONNECTIONS === c).map((f) => ({ path: f.path, expected: f.body })),
}));
const cold: Comparison = { config: `cold pass, ${PHONES} files once, ${COLD_CONNECTIONS} conns`, ref: [], ours: [] };
const failures: Record<string, unknown>[] = [];
for (let run = 0; run < RUNS; run++) {
  await nginx.stop();
  nginx = await startNginx({ root, dir: join(dir, 'nginx'), workers });
  const r = await jobsRun(t(nginx), coldJobs, COLD_CONNECTIONS);
  cold.ref.push(r.run);
  await ours.stop();
  ours = await startProvd({ dataDir, logDir: dir, ports: ours.ports });
  const o = await jobsRun(t(ours), coldJobs, COLD_CONNECTIONS);
  cold.ours.push(o.run);
  if (r.run.failed! + o.run.failed! > 0) failures.push({ phase: 'cold', run, nginx: r.failures, ours: o.failures });
  console.log(`cold run ${run + 1}: nginx ${r.run.rps!.toFixed(0)} req/s, ours ${o.run.rps!.toFixed(0)} req/s`);
}

// Steady state: both warm (ours has rendered every file in the cold pass); short warm-up first.
const wrkFiles = writeWrkFiles(dir, fleet.files.map((f) => f.perMac.path));
for (const s of [nginx, ours]) await wrkRun(t(s), { connections: 64, threads: THREADS, seconds: 3, ...wrkFiles });
const steady: Comparison[] = [];
for (const connections of CONNECTIONS) {
  const comp: Comparison = { config: `keep-alive, ${connections} conns, random MAC`, ref: [], ours: [] };
  for (let run = 0; run < RUNS; run++) {
    comp.ref.push(await wrkRun(t(nginx), { connections, threads: THREADS, seconds: SECONDS, ...wrkFiles }));
    comp.ours.push(await wrkRun(t(ours), { connections, threads: THREADS, seconds: SECONDS, ...wrkFiles }));
    console.log(`${connections} conns run ${run + 1}: nginx ${comp.ref.at(-1)!.rps!.toFixed(0)} req/s, ours ${comp.ours.at(-1)!.rps!.toFixed(0)} req/s`);
  }
  steady.push(comp);
}

const columns = HTTP_COLUMNS;
console.log(`\nmachine: ${PHONES} phones, per-MAC file ${fleet.perMacBytes.toFixed(0)} B, ${workers} server process(es), wrk -t${THREADS}, ${SECONDS} s per run, ${RUNS} alternating runs`);
printComparisons('HTTP keep-alive, steady state (wrk)', 'nginx', steady, columns);
printComparisons('HTTP keep-alive, cold first pass (Node raw-socket client)', 'nginx', [cold], [{ key: 'seconds', label: 'time s', digits: 2 }, ...columns]);
const errors = steady.flatMap((c) => [...c.ref, ...c.ours]).reduce((n, r) => n + (r.errors ?? 0), 0);
console.log(`wrk errors (all runs): ${errors}; cold-pass failures: ${JSON.stringify(failures)}`);

const at64 = steady.find((c) => c.config.includes(' 64 conns'));
const ratio64 = at64 ? medians(at64.ours).rps! / medians(at64.ref).rps! : NaN;
const pass = ratio64 >= TARGET;
console.log(`target: >= ${TARGET}x nginx req/s at 64 connections: ${ratio64.toFixed(2)}x -> ${pass ? 'PASS' : 'FAIL'}`);

let profile: ProfileSummary | undefined;
if (!pass || process.env.BENCH_PROFILE === '1') {
  console.log('\nprofiling our server under the 64-connection load (node --cpu-prof)...');
  const profDir = join(dir, 'cpuprof');
  await ours.stop();
  ours = await startProvd({ dataDir, logDir: dir, ports: ours.ports, cpuProfDir: profDir, name: 'provd-prof' });
  await jobsRun(t(ours), coldJobs, COLD_CONNECTIONS); // warm the cache, as in the steady runs
  const fromUs = monotonicUs();
  const run: Run = await wrkRun(t(ours), { connections: 64, threads: THREADS, seconds: SECONDS, ...wrkFiles });
  const toUs = monotonicUs();
  await ours.stop();
  const file = mainProfile(profDir);
  if (file) {
    profile = summariseProfile(file, { fromUs, toUs });
    console.log(`(profiled run: ${run.rps!.toFixed(0)} req/s with the profiler on)`);
    printProfile(profile);
  }
}

await Promise.all([nginx.stop(), ours.stop()]);
writeResults('http-keepalive', {
  settings: { phones: PHONES, runs: RUNS, seconds: SECONDS, wrkThreads: THREADS, serverProcesses: workers, perMacBytes: fleet.perMacBytes, seedSeconds: fleet.seedSeconds },
  steady: summarise(steady),
  cold: summarise([cold])[0],
  failures,
  target: { name: 'keep-alive req/s >= 0.9x nginx at 64 connections', ratio: ratio64, pass },
  profile,
});
