/**
 * @module What vendors want from an IANA zone: the standard UTC offset in several spellings and
 * the POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`). The rule is the tz database's own: the footer
 * of the zone's TZif file (`/usr/share/zoneinfo/<zone>`, RFC 8536 section 3.3), which states how
 * the zone keeps time after its last listed transition. It is never derived from sampled offsets,
 * which got rules such as America/Santiago's ("the Sunday after the first Saturday of September",
 * not "the first Sunday") and Africa/Casablanca's (no rule at all) wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProvError } from '../errors.js';
import { formatPosixTz, parsePosixTz, withPositiveDst, type DstTransition, type PosixTz } from './posix-tz.js';

export type { DstTransition } from './posix-tz.js';

export interface TimezoneInfo {
  readonly timezone: string;
  /** Standard (winter) offset from UTC in minutes, east positive: Europe/Berlin => 60. */
  readonly utc_offset_minutes: number;
  /** `+01:00` */
  readonly utc_offset: string;
  /** Hours as a decimal string with sign: `+1`, `-5`, `+5.5`, `+0`. */
  readonly utc_offset_hours: string;
  /** Hours and, when not whole, minutes: `+1`, `-5`, `+5:30`, `-3:30`, `+0`. */
  readonly utc_offset_short: string;
  /**
   * POSIX TZ string: the TZif footer as is, except that a negative DST (Europe/Dublin's
   * `IST-1GMT0,M10.5.0,M3.5.0/1`) is written with the smaller offset as standard time.
   */
  readonly posix: string;
  readonly has_dst: boolean;
  /** Daylight saving time rules (the same as in `posix`), for vendors that take them as fields; null without DST. */
  readonly dst: {
    readonly start: DstTransition;
    readonly end: DstTransition;
    /** How far clocks move forward, in minutes (usually 60). */
    readonly offset_minutes: number;
  } | null;
}

export interface TimezoneInfoOptions {
  /** Folder of the compiled tz database (TZif files). */
  readonly zoneinfoDir?: string;
}

export const DEFAULT_ZONEINFO_DIR = '/usr/share/zoneinfo';

/**
 * A cached lookup zone => TimezoneInfo over the TZif files of `zoneinfoDir`. Files are read on
 * first use of a zone, never at creation. A zone whose file is missing, is not TZif version 2 or
 * later, or has no usable footer throws PROV_ERR_TZDATA_MISSING: a phone must not get a guessed
 * time zone.
 */
export function createTimezoneInfo(options: TimezoneInfoOptions = {}): (timezone: string) => TimezoneInfo {
  const dir = options.zoneinfoDir ?? DEFAULT_ZONEINFO_DIR;
  const cache = new Map<string, TimezoneInfo>();
  return (timezone) => {
    let info = cache.get(timezone);
    if (!info) {
      info = describe(timezone, readFooter(dir, timezone));
      cache.set(timezone, info);
    }
    return info;
  };
}

/** The lookup over the system's tz database; reads nothing until called. */
export const timezoneInfo = createTimezoneInfo();

/**
 * The POSIX TZ footer of a zone's TZif file, exactly as stored (RFC 8536: the v2+ data block is
 * followed by `\n<TZ string>\n` at the very end of the file). The zone is looked up under its own
 * name, then under the runtime's canonical name for it (Europe/Kyiv vs Europe/Kiev).
 */
export function readFooter(dir: string, timezone: string): string {
  if (!/^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/.test(timezone)) throw missing(timezone, 'not a zone name');
  let bytes: Buffer | undefined;
  for (const name of new Set([timezone, canonicalName(timezone)])) {
    try {
      bytes = readFileSync(join(dir, name));
      break;
    } catch {
      // try the next spelling
    }
  }
  if (!bytes) throw missing(timezone, `no file ${join(dir, timezone)}`);
  if (bytes.subarray(0, 4).toString('latin1') !== 'TZif' || bytes[4]! < 0x32) throw missing(timezone, 'not a TZif file of version 2 or later');
  const end = bytes.length - 1;
  const start = bytes.lastIndexOf(0x0a, end - 1);
  if (bytes[end] !== 0x0a || start < 0) throw missing(timezone, 'TZif file without a footer');
  return bytes.subarray(start + 1, end).toString('latin1');
}

// --- internal ---

function describe(timezone: string, footer: string): TimezoneInfo {
  const parsed = parsePosixTz(footer);
  if (!parsed) throw missing(timezone, `footer ${JSON.stringify(footer)} is not a rule phones can take`);
  const tz: PosixTz = withPositiveDst(parsed);
  const std = tz.stdOffset;
  return {
    timezone,
    utc_offset_minutes: std,
    utc_offset: `${std < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(std) / 60))}:${pad(Math.abs(std) % 60)}`,
    utc_offset_hours: `${std < 0 ? '-' : '+'}${Math.abs(std) / 60}`,
    utc_offset_short: `${std < 0 ? '-' : '+'}${Math.floor(Math.abs(std) / 60)}${Math.abs(std) % 60 ? `:${pad(Math.abs(std) % 60)}` : ''}`,
    posix: tz === parsed ? footer : formatPosixTz(tz),
    has_dst: tz.dst !== null,
    dst: tz.dst ? { start: tz.dst.start, end: tz.dst.end, offset_minutes: tz.dst.offset - std } : null,
  };
}

function canonicalName(timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return timezone;
  }
}

function missing(timezone: string, reason: string): ProvError {
  return new ProvError('PROV_ERR_TZDATA_MISSING', [timezone, reason]);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
