/**
 * @module wrk with a Lua script that sends every request to a random path of a list (one random
 * phone per request) and prints a JSON summary (requests, errors, p50/p99 latency). With
 * `close`, every request says `Connection: close`: a new connection (TLS handshake) per request.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientPrefix } from './proc.js';

const LUA = `
local reqs = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  local headers = { ["User-Agent"] = "Yealink SIP-T46U 108.86.0.20" }
  if args[2] == "close" then headers["Connection"] = "close" end
  for line in io.lines(args[1]) do
    reqs[#reqs + 1] = wrk.format("GET", line, headers)
  end
  math.randomseed(os.time() * 1000 + (tid or 0))
end
function request()
  return reqs[math.random(#reqs)]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;

export interface WrkResult {
  readonly requests: number;
  readonly duration_us: number;
  readonly bytes: number;
  readonly connect_errors: number;
  readonly read_errors: number;
  readonly write_errors: number;
  readonly status_errors: number;
  readonly timeouts: number;
  readonly p50_us: number;
  readonly p99_us: number;
}

/** Writes the Lua script and the path list into `dir`; answers the script path and the list path. */
export function writeWrkFiles(dir: string, paths: readonly string[]): { script: string; list: string } {
  const script = join(dir, 'random-paths.lua');
  const list = join(dir, 'paths.txt');
  writeFileSync(script, LUA);
  writeFileSync(list, paths.join('\n') + '\n');
  return { script, list };
}

export interface WrkOptions {
  readonly port: number;
  readonly connections: number;
  readonly threads: number;
  readonly seconds: number;
  readonly script: string;
  readonly list: string;
  readonly https?: boolean;
  /** `Connection: close` on every request. */
  readonly close?: boolean;
}

export function runWrk(opts: WrkOptions): Promise<WrkResult> {
  const url = `${opts.https ? 'https' : 'http'}://127.0.0.1:${opts.port}`;
  const args = [`-t${opts.threads}`, `-c${opts.connections}`, `-d${opts.seconds}s`, '--timeout', '5s', '-s', opts.script, url, '--', opts.list, ...(opts.close ? ['close'] : [])];
  return new Promise((resolve, reject) => {
    const [cmd, ...rest] = [...clientPrefix(), 'wrk', ...args];
    const child = spawn(cmd!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // 'close', not 'exit': the summary may still be in the pipe when the process has exited.
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}): ${out}`));
      resolve(JSON.parse(line.slice(8)) as WrkResult);
    });
  });
}
