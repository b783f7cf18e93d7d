/**
 * @module Summary of a V8 `.cpuprofile` (node --cpu-prof): self time per function and per area
 * (our src/, each node_modules package, node internals, GC, idle), optionally only the samples
 * inside a time window given as CLOCK_MONOTONIC microseconds (process.hrtime of any process).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  readonly file: string;
  readonly sampledMs: number;
  readonly windowed: boolean;
  readonly top: { name: string; selfMs: number; pct: number }[];
  readonly areas: { area: string; selfMs: number; pct: number }[];
}

/** The main thread's .cpuprofile in `dir`: the largest file (another thread may write a small one). */
export function mainProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

/** Call frames of dist/ (tsc writes .map files beside it), mapped back to src/ file and line. */
function mapToSources(nodes: readonly ProfileNode[]): Map<number, CallFrame> {
  const maps = new Map<string, SourceMap | undefined>();
  const out = new Map<number, CallFrame>();
  for (const n of nodes) {
    const { url } = n.callFrame;
    if (!url.startsWith('file://') || !url.includes('/dist/')) continue;
    if (!maps.has(url)) {
      const file = `${fileURLToPath(url)}.map`;
      maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined);
    }
    const entry = maps.get(url)?.findEntry(n.callFrame.lineNumber, n.callFrame.columnNumber);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) continue;
    const src = entry.originalSource.replace(/^.*?\/src\//, '/src/');
    out.set(n.id, { ...n.callFrame, url: `file://${src}`, lineNumber: entry.originalLine });
  }
  return out;
}

export function summariseProfile(file: string, window?: { fromUs: number; toUs: number }, topN = 20): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const mapped = mapToSources(prof.nodes);
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  // Use the window only when it overlaps the profile (same clock); otherwise take every sample.
  const windowed = !!window && window.fromUs < prof.endTime && window.toUs > prof.startTime;
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let t = prof.startTime;
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    t += dt;
    if (windowed && (t < window!.fromUs || t > window!.toUs)) continue;
    const node = byId.get(prof.samples[i]!);
    if (!node) continue;
    const cf = mapped.get(node.id) ?? node.callFrame;
    const name = `${cf.functionName || '(anonymous)'} ${shortUrl(cf.url)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    const area = areaOf(cf);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    total += dt;
  }
  const pct = (us: number) => (total ? (100 * us) / total : 0);
  return {
    file,
    sampledMs: total / 1000,
    windowed,
    top: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, topN).map(([name, us]) => ({ name, selfMs: us / 1000, pct: pct(us) })),
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, selfMs: us / 1000, pct: pct(us) })),
  };
}

export function printProfile(s: ProfileSummary, topN = 15): void {
  console.log(`\nCPU profile ${s.file}\n  ${s.sampledMs.toFixed(0)} ms sampled${s.windowed ? ' (load window only)' : ' (whole process life)'}`);
  console.log('  self time by area:');
  for (const a of s.areas.slice(0, 10)) console.log(`    ${a.pct.toFixed(1).padStart(5)} %  ${a.area}`);
  console.log('  top functions by self time:');
  for (const f of s.top.slice(0, topN)) console.log(`    ${f.pct.toFixed(1).padStart(5)} %  ${f.name}`);
}

function shortUrl(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) return url.slice(nm + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src !== -1) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

function areaOf(cf: CallFrame): string {
  const { url, functionName } = cf;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle (waiting for I/O)';
    if (functionName === '(program)') return 'native/program (V8, libuv, syscalls)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) return `node internals (${url.split('/')[1]?.split('_')[0] ?? url})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm ${parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const src = url.indexOf('/src/');
  if (src !== -1) return `ours ${url.slice(src + 1).split('/').slice(0, 2).join('/')}`;
  return url;
}
