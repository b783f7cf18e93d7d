/**
 * @module A redis-server of the test's own, on a free port, without persistence, so a test may
 * freeze it (SIGSTOP), stop it and start it again empty, all by its PID. The shared Redis on 6379
 * is never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';

export interface OwnRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** SIGSTOP: the server keeps its connections but answers nothing. */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  /** Kills the server (SIGKILL by PID) and waits until it has exited. */
  stop(): Promise<void>;
  /** Stops it and starts a new, empty one on the same port. */
  restartEmpty(): Promise<void>;
}

/** True when a `redis-server` binary can be run. */
export async function redisServerInstalled(): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn('redis-server', ['--version'], { stdio: 'ignore' });
    p.on('error', () => resolve(false));
    p.on('exit', (code) => resolve(code === 0));
  });
}

/** Starts a redis-server on a free port and waits until it accepts connections. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child = await launch(port);
  const stop = async () => {
    const c = child;
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    process.kill(c.pid!, 'SIGKILL');
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    freeze: () => void process.kill(child.pid!, 'SIGSTOP'),
    thaw: () => void process.kill(child.pid!, 'SIGCONT'),
    stop,
    async restartEmpty() {
      await stop();
      child = await launch(port);
    },
  };
}

// --- internal ---

function launch(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`redis-server on port ${port} did not start: ${out}`)), 10_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const exited = (code: number | null) => fail(new Error(`redis-server exited (${code}): ${out}`));
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      if (!out.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      child.off('exit', exited);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.once('error', fail);
    child.once('exit', exited);
  });
}
