/** @module A minimal Prometheus registry: labelled counters rendered as text exposition format. */

export interface Counter {
  /** Adds `by` (default 1) to the series with these label values. */
  inc(labels?: Readonly<Record<string, string>>, by?: number): void;
}

export interface Metrics {
  counter(name: string, help: string): Counter;
  /** Prometheus text format 0.0.4, series sorted for stable output. */
  render(): string;
}

export function createMetrics(): Metrics {
  const families = new Map<string, { help: string; series: Map<string, number> }>();
  return {
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
      };
    },
    render() {
      const lines: string[] = [];
      for (const [name, family] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} counter`);
        for (const [labels, value] of [...family.series].sort(([a], [b]) => a.localeCompare(b))) {
          lines.push(`${name}${labels} ${value}`);
        }
      }
      return lines.join('\n') + '\n';
    },
  };
}

function labelString(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${keys.map((k) => `${k}="${escape(labels[k]!)}"`).join(',')}}`;
}
