/**
 * Bulk import: `provd import` (the CLI as a child process, as an admin runs it) of a PortSIP-style
 * CSV with BENCH_IMPORT_USERS users (10,000), each with 16 BLF keys and one phone in the `phones`
 * JSON column, into a fresh server on SQLite. Prints the total time and users/s against the
 * issue's target (10,000 users with phones in under 60 s); then checks every user and phone
 * arrived. Also prints the CPU seconds the server and the CLI used (the box has two cores they
 * share; under other load the wall time grows, the CPU barely). BENCH_IMPORT_RERUN=1 imports the
 * same file again (nothing to write: every row unchanged) and times that too.
 *
 *   npm run bench:import     (BENCH_IMPORT_USERS=10000, BENCH_IMPORT_CONCURRENCY=8, BENCH_NODE)
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { csvLine } from '../../src/cli/export/csv-write.js';
import { cpuSeconds, tempDir } from './lib/proc.js';
import { ADMIN_TOKEN, phoneBody, startProvd, userBody } from './lib/provd.js';
import { envNumber, repoRoot } from './lib/stats.js';

const USERS = envNumber('BENCH_IMPORT_USERS', 10_000);
const CONCURRENCY = envNumber('BENCH_IMPORT_CONCURRENCY', 8);
const TARGET_SECONDS = 60; // issue 13 §3
const COLUMNS = ['name', 'enabled', 'extension_number', 'extension_password', 'email', 'display_name', 'interface', 'preferred_transport', 'blfs', 'phones'];

/** The CSV: user fields as PortSIP writes them (TRUE/FALSE, JSON cells), one phone per user. */
function writeCsv(file: string): void {
  const lines = [csvLine(COLUMNS)];
  for (let i = 0; i < USERS; i++) {
    const user: Record<string, unknown> = { ...userBody(i), enabled: true, phones: [phoneBody(i)] };
    lines.push(csvLine(COLUMNS.map((c) => user[c])));
  }
  writeFileSync(file, lines.join(''));
}

/** Runs `provd import file` against the API; answers its wall time (s), CPU (s), exit code and summary. */
async function runImport(apiPort: number, file: string): Promise<{ seconds: number; cpu: number; code: number | null; out: string }> {
  const cpu0 = cpuSeconds(process.pid, true);
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'main.js'), 'import', file, '--concurrency', String(CONCURRENCY)], {
    env: { ...process.env, PROVD_API: `http://127.0.0.1:${apiPort}`, PROVD_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += String(c)));
  child.stderr.on('data', (c) => process.stdout.write(`  ${String(c)}`));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 50)); // reaped: its CPU is in our cutime now
  return { seconds, cpu: cpuSeconds(process.pid, true) - cpu0, code, out };
}

async function main(): Promise<void> {
  const dir = tempDir('import');
  const file = join(dir, 'users.csv');
  writeCsv(file);
  const provd = await startProvd({ dataDir: join(dir, 'data'), logDir: dir });
  try {
    console.log(`importing ${USERS} users with one phone each, ${CONCURRENCY} rows in flight, SQLite`);
    const server0 = cpuSeconds(provd.proc.pid);
    const first = await runImport(provd.apiPort, file);
    const serverCpu = cpuSeconds(provd.proc.pid) - server0;
    process.stdout.write(first.out);
    const users = (await provd.api.ok('GET', '/users?top=1')).json<{ count: number }>().count;
    const phones = (await provd.api.ok('GET', '/phones?top=1')).json<{ count: number }>().count;
    const ok = first.code === 0 && users === USERS && phones === USERS;
    console.log(`import: ${first.seconds.toFixed(1)} s, ${(USERS / first.seconds).toFixed(0)} users/s (with their phones); exit ${first.code}; server holds ${users} users, ${phones} phones`);
    console.log(`CPU: server ${serverCpu.toFixed(1)} s (${((serverCpu / USERS) * 1000).toFixed(2)} ms per user + phone), CLI ${first.cpu.toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`);
    console.log(`target: ${USERS} users in < ${TARGET_SECONDS * (USERS / 10_000)} s -> ${ok && first.seconds < TARGET_SECONDS * (USERS / 10_000) ? 'met' : 'NOT met'}`);
    if (process.env.BENCH_IMPORT_RERUN === '1') {
      const again = await runImport(provd.apiPort, file);
      process.stdout.write(again.out);
      console.log(`re-import (every row unchanged): ${again.seconds.toFixed(1)} s, CLI CPU ${again.cpu.toFixed(1)} s; exit ${again.code}`);
    }
    if (!ok) process.exitCode = 1;
  } finally {
    await provd.stop();
  }
}

await main();
