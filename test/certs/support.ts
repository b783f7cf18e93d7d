/** @module Shared test support for certificates: temp dirs, a log-collecting logger, openssl. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

/** A fresh directory under the OS temp dir and a function removing it. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'provd-certs-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real pino logger whose lines are parsed into `logs`. */
export function collectingLogger(): { logger: Logger; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), logs };
}

/** `openssl x509 -noout -text` of a PEM file (first certificate). */
export function opensslText(file: string): string {
  return execFileSync('openssl', ['x509', '-noout', '-text', '-in', file], { encoding: 'utf8' });
}

/** Runs openssl; answers exit status and combined output. */
export function openssl(args: readonly string[], input = ''): { status: number | null; out: string } {
  const r = spawnSync('openssl', args, { input, encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * Runs a command without blocking the event loop (needed when the server under test runs in
 * this process); resolves with exit code and combined output, never rejects on a non-zero exit.
 */
export function run(cmd: string, args: readonly string[], input = ''): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill(), 10_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out });
    });
    child.stdin.end(input);
  });
}
