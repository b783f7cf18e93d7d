/**
 * @module The Node our server runs on in the benches, and an install of provd built for it.
 *
 * The server is `node dist/main.js` (no tsx), on Node 24 LTS (.ci/node24 installs it into
 * .cache/) unless BENCH_NODE names a node binary. better-sqlite3 is a native module built for one
 * Node ABI: when the server's Node cannot load the repository's node_modules, an install for it is
 * prepared once under .cache/bench-install/<node version>-<lock file hash>/ (package files,
 * `npm ci --omit=dev --ignore-scripts`, `npm rebuild better-sqlite3` under that Node), and the
 * current dist/ and templates/ are copied into it on every bench run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './stats.js';

export interface ServerRuntime {
  /** The node binary the server runs on. */
  readonly node: string;
  /** Its `process.version`, e.g. v24.22.3. */
  readonly version: string;
  /** The folder holding dist/main.js, templates/ and node_modules built for that node. */
  readonly installDir: string;
}

let cached: ServerRuntime | undefined;

/** Builds dist/ and resolves the runtime once per bench process; prints the server's Node. */
export function serverRuntime(): ServerRuntime {
  if (cached) return cached;
  const root = repoRoot();
  run('npm', ['run', 'build'], root); // the bench measures the code as it is now
  const node = process.env.BENCH_NODE || join(run(join(root, '.ci', 'node24'), [], root).trim(), 'bin', 'node');
  const version = run(node, ['--version'], root).trim();
  const installDir = loadsBetterSqlite(node, root) ? root : preparedInstall(node, version, root);
  cached = { node, version, installDir };
  console.log(`server runtime: node ${version} (${node})${installDir === root ? '' : `, install ${installDir}`}`);
  return cached;
}

// --- internal ---

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** True when `node` can open a database with the better-sqlite3 of `dir`'s node_modules. */
function loadsBetterSqlite(node: string, dir: string): boolean {
  const probe = "const D = require('better-sqlite3'); new D(':memory:').close();";
  return spawnSync(node, ['-e', probe], { cwd: dir, stdio: 'ignore' }).status === 0;
}

function preparedInstall(node: string, version: string, root: string): string {
  const lock = readFileSync(join(root, 'package-lock.json'));
  const key = `${version}-${createHash('sha256').update(lock).digest('hex').slice(0, 12)}`;
  const dir = join(root, '.cache', 'bench-install', key);
  if (!loadsBetterSqlite(node, dir)) {
    console.log(`preparing an install of provd for node ${version} in ${dir} (once)...`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(root, f), join(dir, f));
    // npm itself is the machine's npm run by that node; native code builds against its headers.
    const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}`, npm_config_nodedir: dirname(dirname(node)) };
    run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], dir, env);
    run('npm', ['rebuild', 'better-sqlite3'], dir, env);
    if (!loadsBetterSqlite(node, dir)) throw new Error(`better-sqlite3 in ${dir} still does not load under ${node}`);
  }
  for (const d of ['dist', 'templates']) {
    rmSync(join(dir, d), { recursive: true, force: true });
    cpSync(join(root, d), join(dir, d), { recursive: true });
  }
  return dir;
}
