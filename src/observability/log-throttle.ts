/**
 * @module A log line that a flood cannot multiply: the first occurrence is written at once, later
 * ones at most once per interval, carrying how many were left out since the last line written.
 * For refusals counted by the thousand (TFTP caps, HTTP connection caps); the metrics keep the
 * exact counts.
 */
import type { Logger } from '../logger.js';

export type ThrottledLog = (fields: Record<string, unknown>) => void;

/** `level` line `msg` at most once per `intervalMs` (default 10 s); `suppressed` = lines left out before it. */
export function throttledLog(logger: Logger, level: 'warn' | 'info', msg: string, intervalMs = 10_000, now: () => number = Date.now): ThrottledLog {
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (fields) => {
    const t = now();
    if (t - last < intervalMs) {
      suppressed++;
      return;
    }
    last = t;
    logger[level](suppressed > 0 ? { ...fields, suppressed } : fields, msg);
    suppressed = 0;
  };
}

/**
 * An error handler for a connection that reports every retry (a Redis that is down): `msg` with
 * the error, at most every 10 s.
 */
export function connectionError(logger: Logger, msg: string): (err: unknown) => void {
  const log = throttledLog(logger, 'warn', msg);
  return (err) => log({ err: String(err) });
}
