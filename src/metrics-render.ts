/**
 * @module Metrics snapshots (plain data, safe to send over IPC) and their text exposition:
 * several processes' snapshots are merged series by series, then rendered in Prometheus text
 * format 0.0.4 with families and series sorted for stable output.
 */

/**
 * One family. Counters and gauges: label string => value. Histograms: label string => the
 * count in each bucket (not cumulative), then the count above the last bound, then the sum.
 * `type` is absent in snapshots of older processes: a counter.
 */
export type FamilySnapshot =
  | { readonly help: string; readonly type?: 'counter' | 'gauge'; readonly series: Record<string, number> }
  | { readonly help: string; readonly type: 'histogram'; readonly buckets: readonly number[]; readonly series: Record<string, readonly number[]> };

/** Every family with its series: plain data, safe to send over IPC. */
export type MetricsSnapshot = Record<string, FamilySnapshot>;

/**
 * Sums the snapshots series by series (processes of one server) and renders the result.
 * Gauges are summed too: a per-process gauge carries a label (`pid`) that keeps it apart.
 */
export function renderSnapshots(snapshots: readonly MetricsSnapshot[]): string {
  const merged = new Map<string, { help: string; type: string; buckets: readonly number[]; series: Map<string, number[]> }>();
  for (const snapshot of snapshots) {
    for (const [name, family] of Object.entries(snapshot)) {
      const type = family.type ?? 'counter';
      const buckets = family.type === 'histogram' ? family.buckets : [];
      let into = merged.get(name);
      if (!into) merged.set(name, (into = { help: family.help, type, buckets, series: new Map() }));
      if (into.type !== type || into.buckets.length !== buckets.length) continue; // not the same metric: keep the first
      for (const [labels, value] of Object.entries(family.series)) {
        const cells: readonly number[] = typeof value === 'number' ? [value] : value;
        const sum = into.series.get(labels);
        if (!sum) into.series.set(labels, [...cells]);
        else cells.forEach((v, i) => (sum[i]! += v));
      }
    }
  }
  const lines: string[] = [];
  for (const [name, family] of [...merged].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
    for (const [labels, cells] of [...family.series].sort(([a], [b]) => a.localeCompare(b))) {
      if (family.type === 'histogram') lines.push(...histogramLines(name, labels, family.buckets, cells));
      else lines.push(`${name}${labels} ${cells[0]}`);
    }
  }
  return lines.join('\n') + '\n';
}

// --- internal ---

/** `_bucket` lines (cumulative, `+Inf` last), `_sum`, `_count` of one histogram series. */
function histogramLines(name: string, labels: string, buckets: readonly number[], cells: readonly number[]): string[] {
  const withLe = (le: string) => (labels === '' ? `{le="${le}"}` : `${labels.slice(0, -1)},le="${le}"}`);
  const lines: string[] = [];
  let cumulative = 0;
  buckets.forEach((bound, i) => {
    cumulative += cells[i]!;
    lines.push(`${name}_bucket${withLe(String(bound))} ${cumulative}`);
  });
  cumulative += cells[buckets.length]!;
  lines.push(`${name}_bucket${withLe('+Inf')} ${cumulative}`, `${name}_sum${labels} ${cells[buckets.length + 1]}`, `${name}_count${labels} ${cumulative}`);
  return lines;
}
