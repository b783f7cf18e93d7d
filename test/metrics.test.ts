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

  it('renders a histogram as cumulative _bucket{le} lines with +Inf, _sum and _count, a bound at its own bucket', () => {
    const m = createMetrics();
    const h = m.histogram('provd_t_seconds', 'T', [0.01, 0.1, 1]);
    const http = h.labels({ protocol: 'http' });
    for (const v of [0.005, 0.01, 0.05, 0.5, 3]) http.observe(v);
    h.observe({ protocol: 'tftp' }, 0.2);

    expect(m.render()).toBe(
      '# HELP provd_t_seconds T\n# TYPE provd_t_seconds histogram\n' +
        'provd_t_seconds_bucket{protocol="http",le="0.01"} 2\nprovd_t_seconds_bucket{protocol="http",le="0.1"} 3\n' +
        'provd_t_seconds_bucket{protocol="http",le="1"} 4\nprovd_t_seconds_bucket{protocol="http",le="+Inf"} 5\n' +
        'provd_t_seconds_sum{protocol="http"} 3.565\nprovd_t_seconds_count{protocol="http"} 5\n' +
        'provd_t_seconds_bucket{protocol="tftp",le="0.01"} 0\nprovd_t_seconds_bucket{protocol="tftp",le="0.1"} 0\n' +
        'provd_t_seconds_bucket{protocol="tftp",le="1"} 1\nprovd_t_seconds_bucket{protocol="tftp",le="+Inf"} 1\n' +
        'provd_t_seconds_sum{protocol="tftp"} 0.2\nprovd_t_seconds_count{protocol="tftp"} 1\n'
    );
  });

  it('adds up histograms of several processes bucket by bucket', () => {
    const [a, b] = [createMetrics(), createMetrics()];
    a.histogram('provd_h_seconds', 'H', [1]).observe({}, 0.5);
    b.histogram('provd_h_seconds', 'H', [1]).observe({}, 2);
    b.histogram('provd_h_seconds', 'H', [1]).observe({}, 0.25);

    const text = renderSnapshots([a.snapshot(), structuredClone(b.snapshot())]);

    expect(text).toContain('provd_h_seconds_bucket{le="1"} 2\nprovd_h_seconds_bucket{le="+Inf"} 3\nprovd_h_seconds_sum 2.75\nprovd_h_seconds_count 3\n');
  });

  it('sets gauges from collectors run at each snapshot, typed gauge, until unregistered', () => {
    const m = createMetrics();
    const g = m.gauge('provd_g', 'G');
    let reads = 0;
    const stop = m.onCollect(() => g.set({ pid: '7' }, ++reads));

    expect(m.render()).toBe('# HELP provd_g G\n# TYPE provd_g gauge\nprovd_g{pid="7"} 1\n');
    expect(m.render()).toContain('provd_g{pid="7"} 2\n');
    stop();
    expect(m.render()).toContain('provd_g{pid="7"} 2\n');
  });

  it('renders a snapshot without a type (an older worker) as a counter', () => {
    expect(renderSnapshots([{ provd_old_total: { help: 'Old', series: { '': 3 } } }])).toBe('# HELP provd_old_total Old\n# TYPE provd_old_total counter\nprovd_old_total 3\n');
  });
});
