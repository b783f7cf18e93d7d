/**
 * @module Parses a POSIX TZ string as the tz database writes it in a TZif footer
 * (`CET-1CEST,M3.5.0,M10.5.0/3`, `<-04>4<-03>,M9.1.6/24,M4.1.6/24`, `<+01>-1`) into its parts,
 * and writes it back. Pure; no I/O.
 */

/**
 * A transition as POSIX `Mm.w.d/h:mm` states it, in local time before the change: month 1-12,
 * week 1-5 of the month (5 = last), weekday 0-6 (0 = Sunday), hour and minute. The hour is POSIX's
 * and may lie outside 0-23: `M9.1.6/24` is "24:00 on the first Saturday of September" (America/
 * Santiago), `M3.5.0/-1` is "23:00 on the day before the last Sunday of March" (America/Nuuk).
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

export interface PosixTz {
  readonly stdName: string;
  /** Offset from UTC in minutes, east positive (POSIX writes it west positive). */
  readonly stdOffset: number;
  readonly dst: {
    readonly name: string;
    readonly offset: number;
    readonly start: DstTransition;
    readonly end: DstTransition;
  } | null;
}

const NAME = String.raw`([A-Za-z]{3,}|<[+-]?[0-9A-Za-z]+>)`;
const OFFSET = String.raw`([+-]?\d{1,3}(?::\d{2}){0,2})`;
const RULE = String.raw`(M\d{1,2}\.[1-5]\.[0-6](?:/[+-]?\d{1,3}(?::\d{2}){0,2})?)`;
const POSIX = new RegExp(`^${NAME}${OFFSET}(?:${NAME}${OFFSET}?,${RULE},${RULE})?$`);

/**
 * Parses a POSIX TZ string; undefined for anything else, including the Julian-day rule forms
 * (`Jn`, `n`), which no current tz database footer uses.
 */
export function parsePosixTz(tz: string): PosixTz | undefined {
  const m = POSIX.exec(tz);
  if (!m) return undefined;
  const stdOffset = 0 - minutes(m[2]!); // 0 - x: never -0
  if (m[3] === undefined) return { stdName: m[1]!, stdOffset, dst: null };
  const offset = m[4] === undefined ? stdOffset + 60 : 0 - minutes(m[4]);
  return { stdName: m[1]!, stdOffset, dst: { name: m[3], offset, start: transition(m[5]!), end: transition(m[6]!) } };
}

/** Writes the parts back in the tz database's own spelling (hour omitted when it is 2:00, DST offset when std + 1 h). */
export function formatPosixTz(tz: PosixTz): string {
  const std = `${tz.stdName}${offsetText(-tz.stdOffset)}`;
  if (!tz.dst) return std;
  const dstOffset = tz.dst.offset === tz.stdOffset + 60 ? '' : offsetText(-tz.dst.offset);
  return `${std}${tz.dst.name}${dstOffset},${ruleText(tz.dst.start)},${ruleText(tz.dst.end)}`;
}

/**
 * The same clock rules with standard time as the smaller offset. The tz database models Irish
 * time as IST in summer and "negative DST" (GMT) in winter (`IST-1GMT0,M10.5.0,M3.5.0/1`); phones
 * expect summer time to move clocks forward, so the roles are swapped (`GMT0IST,M3.5.0/1,M10.5.0`).
 * Each rule's time stays valid: it is written in the local time in force before its transition.
 */
export function withPositiveDst(tz: PosixTz): PosixTz {
  if (!tz.dst || tz.dst.offset >= tz.stdOffset) return tz;
  return {
    stdName: tz.dst.name,
    stdOffset: tz.dst.offset,
    dst: { name: tz.stdName, offset: tz.stdOffset, start: tz.dst.end, end: tz.dst.start },
  };
}

// --- internal ---

function minutes(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const [h = 0, m = 0] = text.replace(/^[+-]/, '').split(':').map(Number);
  return sign * (h * 60 + m);
}

function transition(rule: string): DstTransition {
  const [date, time] = rule.slice(1).split('/');
  const [month, week, weekday] = date!.split('.').map(Number) as [number, number, number];
  const at = time === undefined ? 120 : minutes(time);
  const hour = Math.trunc(at / 60);
  return { month, week, weekday, weekday_iso: weekday === 0 ? 7 : weekday, hour, minute: Math.abs(at % 60) };
}

function offsetText(minutesWest: number): string {
  const abs = Math.abs(minutesWest);
  return `${minutesWest < 0 ? '-' : ''}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

function ruleText(t: DstTransition): string {
  const at = t.hour * 60 + (t.hour < 0 ? -t.minute : t.minute);
  const time = at === 120 ? '' : `/${offsetText(at)}`;
  return `M${t.month}.${t.week}.${t.weekday}${time}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
