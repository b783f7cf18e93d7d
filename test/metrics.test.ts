/** The Prometheus registry: series by label values, bound series, snapshots merged over processes. */
import { describe, expect, it } from 'vitest';
import { createMetrics, renderSnapshots } from '../src/metrics.js';

describe('metrics', () => {
  it('counts each label combination as its own series, labels sorted and escaped', () => {
    const m = createMetrics();
    const c = m.counter('provd_x_total', 'X by kind');
    c.inc({ b: '2', a: 'q"\\\n' });
    c.inc({ a: 'q"\\\n', b: '2' }, 4);
    c.inc({ a: 'other', b: '2' });
    expect(m.render()).toBe(
      '# HELP provd_x_total X by kind\n# TYPE provd_x_total counter\n' +
        'provd_x_total{a="other",b="2"} 1\nprovd_x_total{a="q\\"\\\\\\n",b="2"} 5\n'
    );
  });

  it('a bound series adds to the same series inc() counts, and shows 0 before its first count', () => {
    const m = createMetrics();
    const c = m.counter('provd_y_total', 'Y');
    const hit = c.labels({ result: 'hit' });
    expect(m.render()).toContain('provd_y_total{result="hit"} 0\n');
    hit.inc();
    hit.inc(2);
    c.inc({ result: 'hit' });
    expect(m.render()).toContain('provd_y_total{result="hit"} 4\n');
  });

  it('renders the sum of several processes\' snapshots series by series', () => {
    const a = createMetrics();
    const b = createMetrics();
    a.counter('provd_z_total', 'Z').inc({ s: '200' }, 3);
    b.counter('provd_z_total', 'Z').inc({ s: '200' }, 4);
    b.counter('provd_z_total', 'Z').inc({ s: '404' });
    b.counter('provd_only_b_total', 'B').inc();
    const text = renderSnapshots([a.snapshot(), structuredClone(b.snapshot())]);
    expect(text).toContain('provd_z_total{s="200"} 7\n');
    expect(text).toContain('provd_z_total{s="404"} 1\n');
    expect(text).toContain('# HELP provd_only_b_total B\n# TYPE provd_only_b_total counter\nprovd_only_b_total 1\n');
  });
});
