/** throttledLog: one line per interval under a flood, with the count of lines left out. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { throttledLog } from '../../src/observability/log-throttle.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({ write(chunk, _e, cb) { lines.push(JSON.parse(String(chunk))); cb(); } });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('throttledLog', () => {
  it('writes the first line at once, then one per interval carrying how many were left out', () => {
    const { lines, logger } = capture();
    let now = 1_000;
    const log = throttledLog(logger, 'warn', 'tftp: per-address limit reached', 10_000, () => now);

    for (let i = 0; i < 1_000; i++) log({ ip: '127.0.0.2', n: i });
    now += 10_000;
    log({ ip: '127.0.0.3', n: 1_000 });

    expect(lines.map((l) => [l.msg, l.level, l.ip, l.n, l.suppressed])).toEqual([
      ['tftp: per-address limit reached', 'warn', '127.0.0.2', 0, undefined],
      ['tftp: per-address limit reached', 'warn', '127.0.0.3', 1_000, 999],
    ]);
  });
});
