/**
 * @module A small HTTP/1.1 load client on raw sockets for fixed request sets (wrk runs for a time,
 * these runs are "every phone once"). A job is one TCP connection carrying its requests one after
 * another (keep-alive), then closed; `concurrency` jobs run at once. Every body is compared with
 * the expected bytes. With `processes` > 1 the jobs are split over that many forked client
 * processes (one Node client process tops out near 15k new-connection requests/s on this box).
 */
import { fork } from 'node:child_process';
import { connect, type Socket } from 'node:net';

export interface HttpJob {
  readonly requests: readonly { readonly path: string; readonly expected: Buffer }[];
  /** Source address (each phone its own loopback address, as on a real network). */
  readonly localAddress?: string;
}

export interface HttpLoadResult {
  readonly seconds: number;
  readonly ok: number;
  readonly failed: number;
  readonly failures: Record<string, number>;
  readonly latenciesUs: Float64Array;
  readonly connections: number;
  /** CPU seconds this client process used (to see whether the client was the bottleneck). */
  readonly clientCpuSeconds: number;
}

const UA = 'Yealink SIP-T46U 108.86.0.20';
const HEADER_END = Buffer.from('\r\n\r\n');

/** Runs the jobs, in this process or split over `processes` forked clients started together. */
export async function runHttpJobs(port: number, jobs: readonly HttpJob[], concurrency: number, processes = 1): Promise<HttpLoadResult> {
  if (processes <= 1) return runHere(port, jobs, concurrency);
  const children = Array.from({ length: processes }, (_, c) => {
    const child = fork(new URL('./httpload-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'inherit' });
    const share = jobs.filter((_, i) => i % processes === c);
    const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
    child.send({ port, jobs: share, concurrency: Math.ceil(concurrency / processes) });
    return { child, ready };
  });
  await Promise.all(children.map((c) => c.ready));
  const t0 = performance.now();
  const results = await Promise.all(
    children.map(({ child }) => new Promise<HttpLoadResult>((resolve, reject) => {
      child.once('message', (m) => resolve(m as HttpLoadResult));
      child.once('error', reject);
      child.send('go');
    }))
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const { child } of children) child.kill();
  const failures: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
  const latencies = new Float64Array(results.reduce((n, r) => n + r.latenciesUs.length, 0));
  let off = 0;
  for (const r of results) { latencies.set(r.latenciesUs, off); off += r.latenciesUs.length; }
  const sum = (f: (r: HttpLoadResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return { seconds, ok: sum((r) => r.ok), failed: sum((r) => r.failed), failures, latenciesUs: latencies, connections: sum((r) => r.connections), clientCpuSeconds: sum((r) => r.clientCpuSeconds) };
}

/** The load loop itself (also what each forked client runs). */
export async function runHere(port: number, jobs: readonly HttpJob[], concurrency: number, timeoutMs = 30_000): Promise<HttpLoadResult> {
  const total = jobs.reduce((n, j) => n + j.requests.length, 0);
  const latencies = new Float64Array(total);
  const failures: Record<string, number> = {};
  let nLat = 0;
  let ok = 0;
  let failed = 0;
  const fail = (why: string, n = 1) => {
    failures[why] = (failures[why] ?? 0) + n;
    failed += n;
  };

  const runJob = (job: HttpJob) =>
    new Promise<void>((resolve) => {
      let i = 0;
      let buf: Buffer | null = null;
      let sentAt = 0;
      let finished = false;
      const socket: Socket = connect({ port, host: '127.0.0.1', localAddress: job.localAddress, noDelay: true });
      const timer = setTimeout(() => end('timeout', job.requests.length - i), timeoutMs);
      const end = (why?: string, n = 0) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        if (why && n > 0) fail(why, n);
        socket.destroy();
        resolve();
      };
      const send = () => {
        sentAt = performance.now();
        socket.write(`GET ${job.requests[i]!.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: ${UA}\r\nAccept: */*\r\n\r\n`);
      };
      socket.on('connect', send);
      socket.on('error', (err: NodeJS.ErrnoException) => end(`socket ${err.code ?? err.message}`, job.requests.length - i));
      socket.on('close', () => end('closed by server', job.requests.length - i));
      socket.on('data', (chunk: Buffer) => {
        buf = buf ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const he: number = buf.indexOf(HEADER_END);
          if (he === -1) return;
          const head = buf.subarray(0, he).toString('latin1');
          const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
          if (!cl) return end('no content-length', job.requests.length - i);
          const len = Number(cl[1]);
          if (buf.length < he + 4 + len) return;
          const status = Number(head.slice(9, 12));
          const body = buf.subarray(he + 4, he + 4 + len);
          latencies[nLat++] = (performance.now() - sentAt) * 1000;
          if (status !== 200) fail(`status ${status}`);
          else if (!body.equals(job.requests[i]!.expected)) fail('bytes differ');
          else ok++;
          buf = buf.length > he + 4 + len ? buf.subarray(he + 4 + len) : null;
          i++;
          if (i === job.requests.length) return end();
          send();
          if (!buf) return;
        }
      });
    });

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) await runJob(jobs[next++]!);
    })
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, ok, failed, failures, latenciesUs: latencies.subarray(0, nLat), connections: jobs.length, clientCpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Loopback source address of phone i: 127.1.x.y (x, y in 1..250), one per phone. */
export function phoneAddress(i: number): string {
  return `127.1.${Math.floor(i / 250) % 250 + 1}.${(i % 250) + 1}`;
}
