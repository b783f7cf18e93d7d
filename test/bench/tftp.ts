/**
 * TFTP: ~4 KB per-phone files (Yealink `<mac>.cfg`), 16/64/256 transfers in flight, blksize 512
 * (plain RFC 1350 request) and 1468, with no faults, 5 % duplicate ACKs and 2 % DATA loss (done
 * by our client, lib/tftp-client.ts, which byte-verifies every transfer). Reference: tftpd-hpa
 * (`in.tftpd -L -s <dir>`, forks per transfer) serving the same bytes; ours runs with
 * PROV_TFTP_ALLOW=127.0.0.0/8 so per-phone files are served. Each client slot uses its own
 * loopback source address (127.0.1.1-128: our server caps transfers per address, 8 by default).
 *
 *   npm run bench:tftp     (BENCH_TFTP_PHONES=1000, BENCH_RUNS=3, BENCH_SECONDS=4,
 *                           BENCH_INFLIGHT=16,64,256, BENCH_BLKSIZE=512,1468, BENCH_FAULTS=none,dupack,loss,
 *                           BENCH_CLIENT_PROCS=1, BENCH_PROFILE=1)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { choosePinning, cpuBusySeconds, cpuSeconds, ensureTools, freeUdpPort, pinning, pinServer, start, tempDir, type Proc } from './lib/proc.js';
import { mainProfile, printProfile, summariseProfile, type ProfileSummary } from './lib/profile.js';
import { fileBytes, pool, seedPhones, startProvd, type Provd } from './lib/provd.js';
import { envNumber, medians, percentile, printComparisons, summarise, writeResults, type Comparison, type Run } from './lib/stats.js';
import { runTftpLoad, type TftpLoadOptions } from './lib/tftp-client.js';
import { monotonicUs } from './lib/measure.js';

const PHONES = envNumber('BENCH_TFTP_PHONES', 1000);
const RUNS = envNumber('BENCH_RUNS', 3);
const SECONDS = envNumber('BENCH_SECONDS', 4);
const CLIENTS = envNumber('BENCH_CLIENT_PROCS', 1);
const list = (name: string, dflt: string) => (process.env[name] ?? dflt).split(',');
const IN_FLIGHT = list('BENCH_INFLIGHT', '16,64,256').map(Number);
const BLKSIZES = list('BENCH_BLKSIZE', '512,1468').map(Number);
const FAULTS: Record<string, { dropData: number; dupAck: number }> = { none: { dropData: 0, dupAck: 0 }, dupack: { dropData: 0, dupAck: 0.05 }, loss: { dropData: 0.02, dupAck: 0 } };
const FAULT_NAMES = list('BENCH_FAULTS', 'none,dupack,loss');
const SOURCES = Array.from({ length: 128 }, (_, i) => `127.0.1.${i + 1}`);
const TARGET = 5; // issue 5: >= 5x tftpd-hpa transfers/s at 64 in flight, 0 failures under faults

ensureTools({ 'in.tftpd': 'tftpd-hpa' });
const dir = tempDir('tftp');
const root = join(dir, 'tftproot');
const dataDir = join(dir, 'data');

let ours: Provd = await startProvd({ dataDir, logDir: dir, tftp: true, env: { PROV_TFTP_ALLOW: '127.0.0.0/8' } });
console.log(`seeding ${PHONES} phones...`);
const { phones } = await seedPhones(ours.api, PHONES, 32);
const files: { name: string; body: Buffer }[] = new Array(PHONES);
await pool(PHONES, 32, async (i) => {
  const name = `${phones[i]!.mac}.cfg`;
  files[i] = { name, body: await fileBytes(ours.api, phones[i]!.mac, name) };
});
mkdirSync(root, { recursive: true, mode: 0o755 });
for (const f of files) writeFileSync(join(root, f.name), f.body, { mode: 0o644 });
const avg = files.reduce((n, f) => n + f.body.length, 0) / files.length;
console.log(`  ${PHONES} files, ${avg.toFixed(0)} B on average, under ${root}`);

const workers = ours.workers();
choosePinning(workers);
pinServer(ours.proc.pid);
console.log(`our server: ${workers} process(es); ${pinning.enabled ? `servers pinned to CPU ${pinning.server} (tftpd-hpa's forks inherit it), client to CPU ${pinning.client}` : 'no CPU pinning'}`);
const hpaPort = await freeUdpPort();
const hpa: Proc = start('in.tftpd', 'in.tftpd', ['-L', '-s', root, '-a', `127.0.0.1:${hpaPort}`], { logDir: dir });
await new Promise((r) => setTimeout(r, 300));
pinServer(hpa.pid);
const target = { hpa: { pid: hpa.pid, port: hpaPort }, ours: () => ({ pid: ours.proc.pid, port: ours.tftpPort! }) };

const oursRetransmits = async () => {
  const text = (await ours.api.call('GET', '/metrics')).body.toString('utf8');
  return Number(/^provd_tftp_retransmits_total(?:\{[^}]*\})?\s+(\d+)/m.exec(text)?.[1] ?? 0); // absent until the first one
};

// Pinned: the server CPU's busy time (counts tftpd-hpa's forks, which nobody waits for);
// not pinned: the process tree (then tftpd-hpa's per-transfer children are NOT counted).
const serverCpu = (pid: number) => (pinning.enabled ? cpuBusySeconds(pinning.server) : cpuSeconds(pid));

async function measure(t: { pid: number; port: number }, opts: Omit<TftpLoadOptions, 'port'>, isOurs: boolean): Promise<{ run: Run; failures: Record<string, number> }> {
  const retx0 = isOurs ? await oursRetransmits() : NaN;
  const cpu0 = serverCpu(t.pid);
  const r = await runTftpLoad({ ...opts, port: t.port }, CLIENTS);
  const cpu = serverCpu(t.pid) - cpu0;
  const retx = isOurs ? (await oursRetransmits()) - retx0 : NaN;
  const transfers = r.ok + r.failed;
  return {
    run: {
      tps: r.okInWindow / r.seconds,
      failed: r.failed,
      p50_ms: percentile(r.latenciesMs, 50),
      p99_ms: percentile(r.latenciesMs, 99),
      cpu_ms_per_transfer: (cpu * 1000) / transfers,
      server_retransmits_seen: r.serverRetransmits,
      server_retransmits_metric: retx,
      data_dropped: r.dataDropped,
      dup_acks_sent: r.dupAcksSent,
      client_retransmits: r.clientRetransmits,
      client_cpu_pct: (100 * r.clientCpuSeconds) / r.seconds,
    },
    failures: r.failures,
  };
}

// Warm-up: every file once from each server, verified (ours renders and caches here).
for (const [name, t] of [['tftpd-hpa', target.hpa], ['ours', target.ours()]] as const) {
  const w = await runTftpLoad({ port: t.port, files, inFlight: 32, blksize: 512, dropData: 0, dupAck: 0, seconds: 0.001 + PHONES / 400, sources: SOURCES });
  console.log(`warm-up ${name}: ${w.ok} ok, ${w.failed} failed ${JSON.stringify(w.failures)}`);
}

const comps: Comparison[] = [];
const failureLog: Record<string, unknown>[] = [];
for (const fault of FAULT_NAMES) {
  for (const blksize of BLKSIZES) {
    for (const inFlight of IN_FLIGHT) {
      const opts = { files, inFlight, blksize, ...FAULTS[fault]!, seconds: SECONDS, sources: SOURCES };
      const comp: Comparison = { config: `${inFlight} in flight, blksize ${blksize}, faults ${fault}`, ref: [], ours: [] };
      for (let run = 0; run < RUNS; run++) {
        const r = await measure(target.hpa, opts, false);
        const o = await measure(target.ours(), opts, true);
        comp.ref.push(r.run);
        comp.ours.push(o.run);
        if (r.run.failed! + o.run.failed! > 0) failureLog.push({ config: comp.config, run, tftpd_hpa: r.failures, ours: o.failures });
      }
      const [r, o] = [medians(comp.ref), medians(comp.ours)];
      console.log(`${comp.config}: tftpd-hpa ${r.tps!.toFixed(0)}/s (${r.failed} failed), ours ${o.tps!.toFixed(0)}/s (${o.failed} failed)`);
      comps.push(comp);
    }
  }
}

printComparisons('TFTP transfers', 'tftpd-hpa', comps, [
  { key: 'tps', label: 'xfer/s' },
  { key: 'failed', label: 'failed' },
  { key: 'p50_ms', label: 'p50 ms', digits: 1 },
  { key: 'p99_ms', label: 'p99 ms', digits: 0 },
  { key: 'cpu_ms_per_transfer', label: 'CPU ms/xfer', digits: 3 },
  { key: 'server_retransmits_seen', label: 'srv retx' },
  { key: 'client_cpu_pct', label: 'client CPU%' },
]);
console.log(`server CPU: ${pinning.enabled ? `busy time of CPU ${pinning.server} (the server's only CPU)` : 'process tree (tftpd-hpa forks not counted)'}; srv retx = DATA packets beyond the blocks needed, as the client saw them`);
console.log(`\nour server's provd_tftp_retransmits_total per run (median): ${comps.map((c) => `${c.config}: ${medians(c.ours).server_retransmits_metric}`).join('; ')}`);
console.log(`failures: ${failureLog.length ? JSON.stringify(failureLog) : 'none'}`);

const at64 = comps.filter((c) => c.config.startsWith('64 in flight') && c.config.endsWith('faults none'));
const ratios = at64.map((c) => medians(c.ours).tps! / medians(c.ref).tps!);
const faultFailures = comps.filter((c) => !c.config.endsWith('faults none')).reduce((n, c) => n + c.ours.reduce((m, r) => m + r.failed!, 0), 0);
const pass = at64.length > 0 && ratios.every((r) => r >= TARGET) && faultFailures === 0;
console.log(`target: >= ${TARGET}x tftpd-hpa at 64 in flight (${at64.map((c, i) => `${c.config}: ${ratios[i]!.toFixed(2)}x`).join(', ')}); our failed transfers under faults: ${faultFailures} -> ${pass ? 'PASS' : 'FAIL'}`);

let profile: ProfileSummary | undefined;
if (!pass || process.env.BENCH_PROFILE === '1') {
  console.log('\nprofiling our server: 64 in flight, blksize 512, no faults (node --cpu-prof)...');
  const profDir = join(dir, 'cpuprof');
  await ours.stop();
  ours = await startProvd({ dataDir, logDir: dir, tftp: true, env: { PROV_TFTP_ALLOW: '127.0.0.0/8' }, ports: ours.ports, cpuProfDir: profDir, name: 'provd-prof' });
  await runTftpLoad({ port: ours.tftpPort!, files, inFlight: 32, blksize: 512, dropData: 0, dupAck: 0, seconds: 0.001 + PHONES / 400, sources: SOURCES });
  const fromUs = monotonicUs();
  const p = await runTftpLoad({ port: ours.tftpPort!, files, inFlight: 64, blksize: 512, dropData: 0, dupAck: 0, seconds: SECONDS, sources: SOURCES });
  const toUs = monotonicUs();
  await ours.stop();
  const file = mainProfile(profDir);
  if (file) {
    profile = summariseProfile(file, { fromUs, toUs });
    console.log(`(profiled run: ${(p.okInWindow / p.seconds).toFixed(0)} transfers/s with the profiler on)`);
    printProfile(profile);
  }
}

await Promise.all([hpa.stop(), ours.stop()]);
writeResults('tftp', {
  settings: { files: PHONES, serverProcesses: workers, pinned: pinning.enabled, serverCpu: pinning.enabled ? 'busy time of the server CPU' : 'process tree', fileBytes: avg, runs: RUNS, seconds: SECONDS, clientProcesses: CLIENTS, sources: SOURCES.length, faults: FAULTS },
  comparisons: summarise(comps),
  failures: failureLog,
  target: { name: 'TFTP >= 5x tftpd-hpa transfers/s at 64 in flight, 0 failed transfers under faults', ratios, faultFailures, pass },
  profile,
});
