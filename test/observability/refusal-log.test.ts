/** The refusal log: counted by reason, logged per source with a burst, then a summary a minute (issue 9). */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createRefusalLog, type RefusalEvent, type RefusalLog } from '../../src/observability/refusal-log.js';

const MINUTE = 60_000;

function setup(options: { maxSources?: number } = {}) {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _e, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  const clock = { now: Date.parse('2026-03-01T10:00:00Z') };
  const metrics = createMetrics();
  const log = createRefusalLog({ logger: createLogger({ level: 'info', destination }), metrics, now: () => clock.now, ...options });
  logs.push(log);
  return { lines, clock, metrics, log };
}
const logs: RefusalLog[] = [];
afterEach(() => logs.splice(0).forEach((l) => l.close()));

const event = (address: string, reason: RefusalEvent['reason'] = 'unknown_mac', file = '001565aabbcc.cfg'): RefusalEvent => ({
  protocol: 'http', address, file, reason, userAgent: 'Yealink SIP-T46U 108.86.0.20',
});
const refusals = (lines: Record<string, any>[]) => lines.filter((l) => l.event === 'phone_refused');
const summaries = (lines: Record<string, any>[]) => lines.filter((l) => l.event === 'phone_refused_summary');

describe('refusal log', () => {
  it('logs a refusal with address, file, reason, User-Agent and protocol, the level as a name', () => {
    const { lines, log } = setup();

    log.refused(event('::ffff:192.0.2.10', 'not_owned'));

    expect(lines).toEqual([expect.objectContaining({
      level: 'warn', event: 'phone_refused', ip: '192.0.2.10', protocol: 'http', reason: 'not_owned',
      file: '001565aabbcc.cfg', user_agent: 'Yealink SIP-T46U 108.86.0.20', msg: 'phone request refused',
    })]);
  });

  it('gives a burst a few lines, then one summary a minute with how many were left out and why', () => {
    const { lines, clock, log } = setup();

    for (let i = 0; i < 1000; i++) log.refused(event('192.0.2.20', i % 2 ? 'unknown_mac' : 'unknown_folder'));
    log.flush();
    const beforeMinute = lines.length;
    clock.now += MINUTE;
    log.flush();

    expect(beforeMinute).toBe(5);
    expect(refusals(lines)).toHaveLength(5);
    expect(summaries(lines)).toEqual([expect.objectContaining({ ip: '192.0.2.20', suppressed: 995, reasons: { unknown_folder: 497, unknown_mac: 498 }, window_s: 60 })]);
  });

  it('keeps a source that is still flooding to one summary a minute, and gives it a burst again after a quiet minute', () => {
    const { lines, clock, log } = setup();
    const flood = () => {
      for (let i = 0; i < 100; i++) log.refused(event('192.0.2.30'));
    };

    flood();
    for (let minute = 0; minute < 3; minute++) {
      clock.now += MINUTE;
      flood();
    }
    clock.now += MINUTE;
    log.flush(); // the last flooded minute ends
    clock.now += MINUTE;
    log.flush(); // a quiet minute: forgotten
    log.refused(event('192.0.2.30'));

    expect(refusals(lines)).toHaveLength(5 + 1);
    expect(summaries(lines).map((l) => l.suppressed)).toEqual([95, 100, 100, 100]);
  });

  it('limits each source on its own', () => {
    const { lines, log } = setup();

    for (let i = 0; i < 10; i++) for (const ip of ['192.0.2.1', '192.0.2.2', '2001:db8::1']) log.refused(event(ip));

    expect(refusals(lines).map((l) => l.ip).sort()).toEqual([...Array(5).fill('192.0.2.1'), ...Array(5).fill('192.0.2.2'), ...Array(5).fill('2001:db8::1')]);
  });

  it('tracks at most maxSources addresses; the refusals of the others go to one summary', () => {
    const { lines, clock, log } = setup({ maxSources: 100 });

    for (let i = 0; i < 5000; i++) log.refused(event(`10.0.${i >> 8}.${i & 255}`, 'bad_name'));
    clock.now += MINUTE;
    log.flush();

    expect(refusals(lines)).toHaveLength(100);
    expect(summaries(lines)).toEqual([expect.objectContaining({ sources: 'untracked', suppressed: 4900, reasons: { bad_name: 4900 } })]);
    expect(summaries(lines)[0]).not.toHaveProperty('ip');
  });

  it('counts every refusal in provd_phone_refused_total by protocol and reason', () => {
    const { metrics, log } = setup();

    for (let i = 0; i < 20; i++) log.refused(event('192.0.2.40', 'unknown_mac'));
    log.refused({ ...event('192.0.2.41', 'not_allowed'), protocol: 'tftp' });

    const text = metrics.render();
    expect(text).toContain('provd_phone_refused_total{protocol="http",reason="unknown_mac"} 20\n');
    expect(text).toContain('provd_phone_refused_total{protocol="tftp",reason="not_allowed"} 1\n');
  });

  it('truncates long file names and User-Agents and writes a pending summary at close', () => {
    const { lines, log } = setup();

    for (let i = 0; i < 7; i++) log.refused({ ...event('192.0.2.50', 'bad_path', 'x'.repeat(1000)), userAgent: 'u'.repeat(5000) });
    log.close();

    expect(refusals(lines)[0]!.file).toHaveLength(200);
    expect(refusals(lines)[0]!.user_agent).toHaveLength(200);
    expect(summaries(lines)).toEqual([expect.objectContaining({ ip: '192.0.2.50', suppressed: 2 })]);
  });
});
