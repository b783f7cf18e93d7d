/**
 * @module Bench processes: spawn servers in the foreground, stop them by PID (also on exit and on
 * SIGINT/SIGTERM), and read CPU time and RSS of a process tree from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const live = new Map<number, string>(); // pid -> name, everything this bench started
const tempDirs: string[] = [];

export interface Proc {
  readonly pid: number;
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string;
  stop(): Promise<void>;
}

/** A temporary directory (mode 0755) removed at exit (BENCH_KEEP=1 keeps it). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-${prefix}-`));
  chmodSync(dir, 0o755); // nginx workers and tftpd-hpa drop to nobody and must read the files
  tempDirs.push(dir);
  return dir;
}

/** Starts `cmd` in the foreground (stdout+stderr to `<logDir>/<name>.log`); stopped by PID. */
export function start(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; logDir: string }): Proc {
  const log = join(opts.logDir, `${name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', fd, fd] });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  live.set(pid, name);
  let exited = false;
  const done = new Promise<void>((resolve) => child.once('exit', () => { exited = true; live.delete(pid); resolve(); }));
  return {
    pid,
    name,
    child,
    log,
    async stop() {
      if (exited) return;
      const tree = descendants(pid);
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => killPids([pid, ...tree], 'SIGKILL'), 8000);
      await done;
      clearTimeout(timer);
      // Workers that outlived their parent (should not happen): by PID, never by name.
      killPids(descendantsGone(tree), 'SIGKILL');
    },
  };
}

function killPids(pids: number[], signal: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
}

function descendantsGone(pids: number[]): number[] {
  return pids.filter((p) => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  });
}

function cleanupSync(): void {
  for (const pid of [...live.keys()]) {
    killPids([...descendants(pid), pid], 'SIGKILL');
  }
  live.clear();
  if (process.env.BENCH_KEEP !== '1') for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    cleanupSync();
    process.exit(130);
  });
}

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number; // utime + stime + cutime + cstime
  childTicks: number; // cutime + cstime
}

function readStat(pid: number): Stat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    // After "(comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based in proc(5).
    const n = (i: number) => Number(f[i - 3]);
    return { pid, ppid: n(4), comm, ticks: n(14) + n(15) + n(16) + n(17), childTicks: n(16) + n(17) };
  } catch {
    return undefined;
  }
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const st = readStat(Number(e));
    if (st) out.push(st);
  }
  return out;
}

/** PIDs of every live descendant of `pid`. */
export function descendants(pid: number): number[] {
  const stats = allStats();
  const out: number[] = [];
  const walk = (p: number) => {
    for (const s of stats) if (s.ppid === p) { out.push(s.pid); walk(s.pid); }
  };
  walk(pid);
  return out;
}

/** The process tree of `pid`: itself and live descendants, with their command names. */
export function tree(pid: number): { pid: number; comm: string }[] {
  const stats = allStats();
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const out: { pid: number; comm: string }[] = [];
  const root = byPid.get(pid);
  if (root) out.push({ pid, comm: root.comm });
  const walk = (p: number) => {
    for (const s of stats) if (s.ppid === p) { out.push({ pid: s.pid, comm: s.comm }); walk(s.pid); }
  };
  walk(pid);
  return out;
}

/**
 * CPU seconds used so far by the tree of `pid`: utime+stime of itself and every live
 * descendant, plus cutime+cstime (children that exited and were reaped, e.g. tftpd-hpa's forks).
 * `reapedChildrenOnly`: just cutime+cstime of `pid` itself (a client tool the bench ran and waited for).
 */
export function cpuSeconds(pid: number, reapedChildrenOnly = false): number {
  if (reapedChildrenOnly) return (readStat(pid)?.childTicks ?? 0) / CLK_TCK;
  const stats = allStats();
  let ticks = 0;
  const walk = (p: number) => {
    for (const s of stats) if (s.ppid === p) { ticks += s.ticks; walk(s.pid); }
  };
  const root = stats.find((s) => s.pid === pid);
  if (root) ticks += root.ticks;
  walk(pid);
  return ticks / CLK_TCK;
}

/** Sum of VmRSS (bytes) over the tree of `pid`. */
export function rssBytes(pid: number): number {
  let kb = 0;
  for (const { pid: p } of tree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return kb * 1024;
}

/** Resolves when a TCP connect to host:port succeeds; throws after `timeoutMs`. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 30_000, proc?: Proc): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, host);
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (proc && proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}); see ${proc.log}:\n${safeTail(proc.log)}`);
    if (Date.now() > deadline) throw new Error(`port ${host}:${port} did not open within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export function safeTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (bind to 0, read, close). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A UDP port on 127.0.0.1 that is free now. */
export async function freeUdpPort(): Promise<number> {
  const { createSocket } = await import('node:dgram');
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Makes sure each command exists; installs the Debian packages that provide missing ones
 * (`apt-get install -y`, after one `apt-get update`).
 */
export function ensureTools(tools: Record<string, string>): void {
  const missing = Object.entries(tools).filter(([cmd]) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))];
  console.log(`installing ${pkgs.join(' ')} (missing: ${missing.map(([c]) => c).join(' ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`apt-get install ${pkgs.join(' ')} failed`);
}

/**
 * CPU pinning on a small box: with a one-process server, the server gets CPU 0 and the load
 * client (this process, wrk) CPU 1, so neither preempts the other (BENCH_PIN=0/1 overrides).
 */
export const pinning = { enabled: false, server: '0', client: '1' };

export function choosePinning(serverProcesses: number): void {
  const env = process.env.BENCH_PIN;
  pinning.enabled = env === undefined || env === '' ? serverProcesses === 1 && cpusOnline() >= 2 : env === '1';
  if (pinning.enabled) setAffinity([process.pid], pinning.client);
}

/** Pins every process (all threads) of the tree of `pid` to the server CPU when pinning is on. */
export function pinServer(pid: number): void {
  if (pinning.enabled) setAffinity(tree(pid).map((p) => p.pid), pinning.server);
}

/** The command prefix that runs a client tool on the client CPU when pinning is on. */
export function clientPrefix(): string[] {
  return pinning.enabled ? ['taskset', '-c', pinning.client] : [];
}

function setAffinity(pids: number[], cpuList: string): void {
  for (const p of pids) spawnSync('taskset', ['-a', '-cp', cpuList, String(p)], { stdio: 'ignore' });
}

/** CPUs of the machine: `nproc --all`, since plain nproc counts only this process's affinity (1 once pinned). */
function cpusOnline(): number {
  return Number(spawnSync('nproc', ['--all'], { encoding: 'utf8' }).stdout.trim()) || 1;
}

/**
 * Busy CPU seconds so far of the given CPUs (/proc/stat: user+nice+system+irq+softirq+steal).
 * For a server pinned to its own CPU this charges everything it costs, including forked
 * children that are never waited for (tftpd-hpa ignores SIGCHLD, so their time is in no cutime).
 */
export function cpuBusySeconds(cpuList: string): number {
  const wanted = new Set(cpuList.split(',').map((c) => `cpu${c.trim()}`));
  let ticks = 0;
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const f = line.split(/\s+/);
    if (!wanted.has(f[0]!)) continue;
    const [user, nice, system, , , irq, softirq, steal] = f.slice(1).map(Number);
    ticks += user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  }
  return ticks / CLK_TCK;
}
