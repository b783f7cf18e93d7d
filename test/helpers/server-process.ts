/**
 * @module The server as a real process for tests: spawn it (`npm start` or `node dist/main.js`),
 * read its JSON log, wait for lines, walk its process tree in /proc, and clean up by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MAIN = join(ROOT, 'dist', 'main.js');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** stdout and stderr so far. */
  output(): string;
  /** The JSON log lines so far. */
  lines(): Record<string, unknown>[];
  /** The first log line (after `from` lines) whose `msg` contains `text`; waits up to `timeoutMs`. */
  waitFor(text: string, options?: { from?: number; timeoutMs?: number }): Promise<Record<string, unknown>>;
  /** Ports of the "provisioning server started" line, by listener name. */
  ports(): Promise<Record<string, number>>;
  /** SIGKILL to this process and every descendant still alive (by PID). */
  kill(): void;
}

/** The environment without any PROV_* of the test runner, plus `extra`. */
export function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PROV_')));
  return { ...env, PROV_LOG_LEVEL: 'info', ...extra };
}

/** Spawns `cmd args` (e.g. `npm start`, or node + MAIN) and collects its output. */
export function spawnServer(cmd: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ServerProcess {
  if (cmd === process.execPath && args.includes(MAIN) && !existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += String(c)));
  child.stderr!.on('data', (c) => (out += String(c)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const known = new Set<number>([child.pid!]);
  const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const waitFor: ServerProcess['waitFor'] = (text, { from = 0, timeoutMs = 30_000 } = {}) =>
    until(`log line "${text}"`, () => lines().slice(from).find((l) => String(l.msg).includes(text)), timeoutMs, () => out);
  return {
    child,
    pid: child.pid!,
    exited,
    output: () => out,
    lines,
    waitFor,
    async ports() {
      const started = await waitFor('provisioning server started');
      return Object.fromEntries((started.listen as string[]).map((l) => [l.split(' ')[0]!, Number(l.split(':').at(-1))]));
    },
    kill() {
      for (const pid of processTree(child.pid!)) known.add(pid);
      for (const pid of known) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    },
  };
}

/** `pid` and all its live descendants, from /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat || stat.state === 'Z') continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  if (isAlive(pid)) walk(pid);
  return out;
}

/** Running (a zombie has exited: it holds no port and runs no code). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Polls `fn` until it answers something other than undefined; throws after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, context?: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Calls the admin API with the bearer token; answers status and parsed JSON. */
export async function api(port: number, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** Creates network settings, a user and a Yealink T46U; answers the path of its `<mac>.cfg`. */
export async function seedYealink(apiPort: number, token: string, mac = '001565aabbcc'): Promise<string> {
  await api(apiPort, token, 'POST', '/network', { private_ipv4: '127.0.0.1' });
  const user = await api(apiPort, token, 'POST', '/users', { name: 'alice', extension_number: '101', extension_password: 'S3cret-101', interface: 'PRIVATE_IPV4' });
  const phone = await api(apiPort, token, 'POST', `/users/${user.json.id as string}/phones`, { mac, vendor: 'yealink', model: 'T46U' });
  if (phone.status !== 201) throw new Error(`phone not created: ${JSON.stringify(phone.json)}`);
  return `${new URL(phone.json.url as string).pathname}${mac}.cfg`;
}

// --- internal ---

function readStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]) };
  } catch {
    return undefined; // gone
  }
}
