/**
 * @module The refusal log: every phone request the phone path refuses (unknown folder, unknown
 * MAC, another user's phone, bad path or name, TFTP not allowed) is counted in
 * `provd_phone_refused_total{protocol,reason}` and logged, rate-limited per source address, in a
 * line fail2ban can match (README "Refused phone requests"). Before, 111,000 refusals in 10 s
 * left no line at all (issue 9).
 *
 * Per source address and minute: the first `burst` refusals give a line each; the rest are
 * counted and said in one summary line when the minute is over (with their reasons). A source
 * that was still refused when its minute ended gets no new burst, only a summary a minute, until
 * it is quiet for a minute. At most `maxSources` addresses are tracked; refusals from more
 * (a flood from many, or spoofed UDP, addresses) go to one shared summary, so memory is bounded.
 *
 * Callers log after answering the phone; this never blocks (a map update, sometimes a line).
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RefusalReason } from '../provisioning/refusal.js';
import type { Protocol } from '../provisioning/types.js';

export interface RefusalEvent {
  readonly protocol: Protocol;
  /** The client's address (IPv4-mapped IPv6 is logged in IPv4 form). */
  readonly address: string;
  /** The file name (or, for a bad path, the path) asked for; truncated in the log. */
  readonly file: string;
  readonly reason: RefusalReason;
  /** Empty when the protocol has none (TFTP). */
  readonly userAgent: string;
}

export interface RefusalLog {
  refused(event: RefusalEvent): void;
  /** Writes the summaries of every minute that is over (a timer calls it; tests call it directly). */
  flush(): void;
  /** Stops the timer; what is pending is flushed. */
  close(): void;
}

export interface RefusalLogOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Lines per source before it is summarised (default 5). */
  readonly burst?: number;
  /** Length of a source's window, ms (default 60,000). */
  readonly windowMs?: number;
  /** Source addresses tracked at once (default 10,000). */
  readonly maxSources?: number;
  readonly now?: () => number;
}

/** The `msg` of a refusal line and of a summary; the fail2ban filter matches their `event`. */
export const REFUSED_MSG = 'phone request refused';
export const SUMMARY_MSG = 'phone requests refused (summary of those not logged one by one)';

/** Longest file name or User-Agent written to a line. */
const MAX_FIELD = 200;

interface Source {
  start: number;
  logged: number;
  suppressed: number;
  /** This window had no burst (the previous one ended suppressed). */
  quiet: boolean;
  reasons: Partial<Record<RefusalReason, number>>;
}

/** The refusal log of one process; close() stops its timer (the app does at stop). */
export function createRefusalLog(options: RefusalLogOptions): RefusalLog {
  const { logger } = options;
  const burst = options.burst ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const maxSources = options.maxSources ?? 10_000;
  const now = options.now ?? Date.now;
  const counter = options.metrics.counter('provd_phone_refused_total', 'Phone requests refused, by protocol and reason');
  const series = new Map<string, { inc(): void }>();
  const sources = new Map<string, Source>();
  const others: Source = { start: 0, logged: 0, suppressed: 0, quiet: true, reasons: {} };
  let timer: NodeJS.Timeout | undefined;

  const count = (protocol: Protocol, reason: RefusalReason) => {
    const key = `${protocol} ${reason}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = counter.labels({ protocol, reason })));
    s.inc();
  };

  /** Ends the window of `source` if it is over: its summary, then a new window (or forget it). */
  const roll = (ip: string | undefined, source: Source, t: number): boolean => {
    if (t - source.start < windowMs) return false;
    if (source.suppressed > 0) {
      const where = ip === undefined ? { sources: 'untracked' } : { ip };
      logger.warn({ event: 'phone_refused_summary', ...where, suppressed: source.suppressed, reasons: source.reasons, window_s: windowMs / 1000 }, SUMMARY_MSG);
    } else if (ip !== undefined) {
      sources.delete(ip);
      return true;
    }
    // The untracked sources never get lines of their own.
    Object.assign(source, { start: t, logged: 0, quiet: ip === undefined || source.suppressed > 0, suppressed: 0, reasons: {} });
    return true;
  };

  const flush = () => {
    const t = now();
    for (const [ip, source] of sources) roll(ip, source, t);
    if (others.suppressed > 0) roll(undefined, others, t);
    if (sources.size === 0 && others.suppressed === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  return {
    refused(event) {
      count(event.protocol, event.reason);
      const ip = plainAddress(event.address);
      const t = now();
      let source = sources.get(ip);
      if (source) roll(ip, source, t);
      source = sources.get(ip);
      if (!source) {
        if (sources.size >= maxSources) source = others.suppressed === 0 ? Object.assign(others, { start: t }) : others;
        else sources.set(ip, (source = { start: t, logged: 0, suppressed: 0, quiet: false, reasons: {} }));
      }
      timer ??= setInterval(flush, Math.min(windowMs, 10_000)).unref();
      if (!source.quiet && source.logged < burst) {
        source.logged++;
        logger.warn(
          { event: 'phone_refused', ip, protocol: event.protocol, reason: event.reason, file: event.file.slice(0, MAX_FIELD), user_agent: event.userAgent.slice(0, MAX_FIELD) },
          REFUSED_MSG
        );
        return;
      }
      source.suppressed++;
      source.reasons[event.reason] = (source.reasons[event.reason] ?? 0) + 1;
    },
    flush,
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      const end = now() + windowMs;
      for (const [ip, source] of sources) roll(ip, source, end);
      roll(undefined, others, end);
      sources.clear();
    },
  };
}

// --- internal ---

/** `::ffff:192.0.2.1` => `192.0.2.1`: one source, one spelling (and what fail2ban bans). */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
