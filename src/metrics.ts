/**
 * @module A minimal Prometheus registry: labelled counters rendered as text exposition format.
 * With cluster workers each process counts on its own; the primary merges their snapshots
 * (plain data, sent over IPC) into one exposition.
 */

export interface Counter {
  /** Adds `by` (default 1) to the series with these label values. */
  inc(labels?: Readonly<Record<string, string>>, by?: number): void;
  /** The series with these label values, bound: for hot paths that count the same series often. */
  labels(labels: Readonly<Record<string, string>>): { inc(by?: number): void };
}

/** Every family with its series (label string => value): plain data, safe to send over IPC. */
export type MetricsSnapshot = Record<string, { readonly help: string; readonly series: Record<string, number> }>;

export interface Metrics {
  counter(name: string, help: string): Counter;
  /** Prometheus text format 0.0.4, series sorted for stable output. */
  render(): string;
  snapshot(): MetricsSnapshot;
}

export function createMetrics(): Metrics {
  const families = new Map<string, { help: string; series: Map<string, number> }>();
  const metrics: Metrics = {
    counter(name, help) {
      let family = families.get(name);
      if (!family) {
        family = { help, series: new Map() };
        families.set(name, family);
      }
      const series = family.series;
      return {
        inc(labels = {}, by = 1) {
          const key = labelString(labels);
          series.set(key, (series.get(key) ?? 0) + by);
        },
        labels(labels) {
          const key = labelString(labels);
          if (!series.has(key)) series.set(key, 0);
          return { inc: (by = 1) => void series.set(key, series.get(key)! + by) };
        },
      };
    },
    render: () => renderSnapshots([metrics.snapshot()]),
    snapshot() {
      const out: MetricsSnapshot = {};
      for (const [name, family] of families) out[name] = { help: family.help, series: Object.fromEntries(family.series) };
      return out;
    },
  };
  return metrics;
}

/** Sums the snapshots series by series (processes of one server) and renders the result. */
export function renderSnapshots(snapshots: readonly MetricsSnapshot[]): string {
  const merged = new Map<string, { help: string; series: Map<string, number> }>();
  for (const snapshot of snapshots) {
    for (const [name, family] of Object.entries(snapshot)) {
      let into = merged.get(name);
      if (!into) merged.set(name, (into = { help: family.help, series: new Map() }));
      for (const [labels, value] of Object.entries(family.series)) into.series.set(labels, (into.series.get(labels) ?? 0) + value);
    }
  }
  const lines: string[] = [];
  for (const [name, family] of [...merged].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} counter`);
    for (const [labels, value] of [...family.series].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`${name}${labels} ${value}`);
    }
  }
  return lines.join('\n') + '\n';
}

function labelString(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${keys.map((k) => `${k}="${escape(labels[k]!)}"`).join(',')}}`;
}
