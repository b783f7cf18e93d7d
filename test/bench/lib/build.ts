/**
 * @module A plain-JS build of src/ for profiled runs (esbuild, one file per module, names kept,
 * source maps): under tsx every module is one minified line, so a .cpuprofile names no lines.
 * profile.ts maps the profile's positions back to src/ lines through the .map files.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './stats.js';

/** Builds src/ into `<dir>/dist` and answers the path of its main.js. */
export function buildForProfile(dir: string): string {
  const root = repoRoot();
  const out = join(dir, 'dist');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const files = listTs(join(root, 'src')).map((f) => relative(root, f));
  const r = spawnSync(join(root, 'node_modules', '.bin', 'esbuild'), [...files, `--outdir=${out}`, '--outbase=src', '--format=esm', '--platform=node', '--target=node20', '--sourcemap', '--keep-names', '--log-level=warning'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('esbuild of src/ failed');
  return join(out, 'main.js');
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}
