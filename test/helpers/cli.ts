/** @module `provd` run as the bin (`node dist/main.js ...`) in a child process, as an admin runs it. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './server-process.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `provd args` with only PATH and `env` in its environment (no PROV_* or PROVD_* of the runner). */
export function runProvd(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist', 'main.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number) : 0;
      resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
    });
  });
}
