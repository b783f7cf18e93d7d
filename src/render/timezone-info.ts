/**
 * @module Derives what vendors want from an IANA zone: the standard UTC offset in several
 * spellings and a POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`), from the runtime's tz database.
 * Deterministic for a given zone and tz database (the rule is read for a fixed reference year).
 */

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
  /** POSIX TZ string, e.g. `CET-1CEST,M3.5.0,M10.5.0/3` or `<+0530>-5:30`. */
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

/**
 * A transition as POSIX `Mm.w.d/h:mm` states it, in local time before the change: month 1-12,
 * week 1-5 of the month (5 = last), weekday 0-6 (0 = Sunday), hour and minute.
 */
export interface DstTransition {
  readonly month: number;
  readonly week: number;
  readonly weekday: number;
  /** ISO 8601 weekday 1-7 (1 = Monday, 7 = Sunday). */
  readonly weekday_iso: number;
  readonly hour: number;
  readonly minute: number;
}

const REFERENCE_YEAR = 2025;
const cache = new Map<string, TimezoneInfo>();

export function timezoneInfo(timezone: string): TimezoneInfo {
  let info = cache.get(timezone);
  if (!info) {
    info = compute(timezone);
    cache.set(timezone, info);
  }
  return info;
}

// --- internal ---

function compute(timezone: string): TimezoneInfo {
  const offsets = hourlyOffsets(timezone);
  const std = Math.min(...offsets.map((o) => o.offset));
  const dst = Math.max(...offsets.map((o) => o.offset));
  const hasDst = std !== dst;
  // In the southern hemisphere summer time spans the new year; std is still the smaller offset.
  const stdName = abbreviation(timezone, offsets.find((o) => o.offset === std)!.at, std);
  let posix = `${stdName}${posixOffset(-std)}`;
  let rules: TimezoneInfo['dst'] = null;
  if (hasDst) {
    const dstName = abbreviation(timezone, offsets.find((o) => o.offset === dst)!.at, dst);
    const toDst = offsets.find((o, i) => i > 0 && o.offset === dst && offsets[i - 1]!.offset === std)!;
    const toStd = offsets.find((o, i) => i > 0 && o.offset === std && offsets[i - 1]!.offset === dst)!;
    // Transition instants in local time: before the change the clock showed the old offset.
    const toDstAt = exactTransition(timezone, toDst.at, dst);
    const toStdAt = exactTransition(timezone, toStd.at, std);
    rules = { start: transitionOf(toDstAt, std), end: transitionOf(toStdAt, dst), offset_minutes: dst - std };
    posix += `${dstName}${dst - std === 60 ? '' : posixOffset(-dst)},${posixRule(rules.start)},${posixRule(rules.end)}`;
  }
  return {
    timezone,
    utc_offset_minutes: std,
    utc_offset: `${std < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(std) / 60))}:${pad(Math.abs(std) % 60)}`,
    utc_offset_hours: `${std < 0 ? '-' : '+'}${Math.abs(std) / 60}`,
    utc_offset_short: `${std < 0 ? '-' : '+'}${Math.floor(Math.abs(std) / 60)}${Math.abs(std) % 60 ? `:${pad(Math.abs(std) % 60)}` : ''}`,
    posix,
    has_dst: hasDst,
    dst: rules,
  };
}

/** Offset at every hour of the reference year (minutes east of UTC). */
function hourlyOffsets(timezone: string): { at: Date; offset: number }[] {
  const fmt = offsetFormat(timezone);
  const out: { at: Date; offset: number }[] = [];
  const start = Date.UTC(REFERENCE_YEAR, 0, 1);
  for (let t = start; t < Date.UTC(REFERENCE_YEAR + 1, 0, 1); t += 3600_000) {
    const at = new Date(t);
    out.push({ at, offset: offsetAt(fmt, at) });
  }
  return out;
}

function offsetFormat(timezone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
}

function offsetAt(fmt: Intl.DateTimeFormat, at: Date): number {
  const name = fmt.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The exact minute of a transition found at hourly sample `at` (the first sample showing
 * `offset`): Pacific/Chatham changes at 2:45 local, between two hourly samples.
 */
function exactTransition(timezone: string, at: Date, offset: number): Date {
  const fmt = offsetFormat(timezone);
  let t = at.getTime();
  while (offsetAt(fmt, new Date(t - 60_000)) === offset && at.getTime() - t < 3600_000) t -= 60_000;
  return new Date(t);
}

function abbreviation(timezone: string, at: Date, offset: number): string {
  // en-US knows American abbreviations (EST), en-GB European ones (CET, BST); else <+hhmm>.
  for (const locale of ['en-US', 'en-GB']) {
    const short = new Intl.DateTimeFormat(locale, { timeZone: timezone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (short && /^[A-Z]{3,5}$/.test(short)) return short;
  }
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `<${sign}${pad(Math.floor(abs / 60))}${abs % 60 ? pad(abs % 60) : ''}>`;
}

function posixOffset(minutesWest: number): string {
  const sign = minutesWest < 0 ? '-' : '';
  const abs = Math.abs(minutesWest);
  return `${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

/** The transition at UTC instant `at`, expressed in the local time before the change. */
function transitionOf(at: Date, offsetBefore: number): DstTransition {
  const local = new Date(at.getTime() + offsetBefore * 60_000);
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const daysInMonth = new Date(Date.UTC(local.getUTCFullYear(), month, 0)).getUTCDate();
  const week = day + 7 > daysInMonth ? 5 : Math.ceil(day / 7);
  const weekday = local.getUTCDay();
  return { month, week, weekday, weekday_iso: weekday === 0 ? 7 : weekday, hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/** `Mm.w.d[/h[:mm]]` (the hour is omitted when it is POSIX's default, 2:00). */
function posixRule(t: DstTransition): string {
  const time = t.minute ? `/${t.hour}:${pad(t.minute)}` : t.hour === 2 ? '' : `/${t.hour}`;
  return `M${t.month}.${t.week}.${t.weekday}${time}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
