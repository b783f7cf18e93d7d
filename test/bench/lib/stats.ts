/** @module Bench statistics and reporting: percentiles, medians, the ratio table and the JSON file. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverRuntime } from './runtime.js';

/** Nearest-rank percentile of unsorted numbers (p in 0..100); NaN for none. */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** One measured run of one server in one configuration. */
export type Run = Record<string, number>;

/** Per configuration: the reference's and our runs (alternating), and their medians. */
export interface Comparison {
  readonly config: string;
  readonly ref: Run[];
  readonly ours: Run[];
}

/** Median of each metric over runs. */
export function medians(runs: readonly Run[]): Run {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  return Object.fromEntries([...keys].map((k) => [k, median(runs.map((r) => r[k]!).filter((v) => v !== undefined && !Number.isNaN(v)))]));
}

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly digits?: number;
  /** For this metric lower is better (latency, CPU, time); the ratio is still ours/reference. */
  readonly lowerIsBetter?: boolean;
}

/** Prints one table row per configuration: reference, ours and ours/reference per column. */
/** The columns of the HTTP benches (keep-alive, boot storm): throughput, latency, CPU. */
export const HTTP_COLUMNS: readonly Column[] = [
  { key: 'rps', label: 'req/s' },
  { key: 'p50_us', label: 'p50 us' },
  { key: 'p99_us', label: 'p99 us' },
  { key: 'cpu_us_per_req', label: 'CPU us/req', digits: 1 },
  { key: 'server_cpu_pct', label: 'srv CPU%' },
  { key: 'client_cpu_pct', label: 'client CPU%' },
];

export function printComparisons(title: string, refName: string, comps: readonly Comparison[], columns: readonly Column[]): void {
  console.log(`\n== ${title} (medians; ratio = ours / ${refName}) ==`);
  const header = ['config', ...columns.flatMap((c) => [`${refName} ${c.label}`, `ours ${c.label}`, `ratio`])];
  const rows = comps.map((c) => {
    const r = medians(c.ref);
    const o = medians(c.ours);
    return [c.config, ...columns.flatMap((col) => [fmt(r[col.key], col.digits), fmt(o[col.key], col.digits), ratio(o[col.key], r[col.key])])];
  });
  printTable([header, ...rows]);
}

export function ratio(ours: number | undefined, ref: number | undefined): string {
  if (ours === undefined || ref === undefined || !Number.isFinite(ours) || !Number.isFinite(ref) || ref === 0) return '-';
  return `${(ours / ref).toFixed(2)}x`;
}

export function fmt(v: number | undefined, digits = 0): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

/** The machine, for the JSON file and the report. */
export function machine(): Record<string, string | number> {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nproc = Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim());
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: repoRoot() }).stdout.trim();
  return { nproc, cpu: model, node: process.version, serverNode: serverRuntime().version, commit };
}

export function repoRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** Writes test/bench/results/<name>-<date>.json and returns its path. */
export function writeResults(name: string, data: Record<string, unknown>): string {
  const dir = join(repoRoot(), 'test', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*/, '');
  const file = join(dir, `${name}-${stamp}.json`);
  writeFileSync(file, JSON.stringify({ bench: name, date: new Date().toISOString(), machine: machine(), ...data }, null, 2) + '\n');
  console.log(`\nresults: ${file}`);
  return file;
}

/** Summarises comparisons for the JSON file: runs plus medians and ratios per metric. */
export function summarise(comps: readonly Comparison[]): Record<string, unknown>[] {
  return comps.map((c) => {
    const r = medians(c.ref);
    const o = medians(c.ours);
    const ratios = Object.fromEntries(Object.keys(o).filter((k) => r[k]).map((k) => [k, o[k]! / r[k]!]));
    return { config: c.config, ref: { median: r, runs: c.ref }, ours: { median: o, runs: c.ours }, ratio: ratios };
  });
}

/** Env number with a default (BENCH_RUNS=5 etc.). */
export function envNumber(name: string, dflt: number): number {
  const v = process.env[name];
  return v === undefined || v === '' ? dflt : Number(v);
}
