import { describe, expect, it } from 'vitest';
import { timezoneInfo } from '../../src/render/timezone-info.js';

// --- a minimal POSIX TZ evaluator, to check rules against the runtime's tz database ---

interface MRule { month: number; week: number; day: number; seconds: number }
interface PosixRule { stdOffset: number; dstOffset?: number; start?: MRule; end?: MRule }

const NAME = String.raw`(?:[A-Za-z]{3,}|<[+-]?[0-9A-Za-z]+>)`;
const OFFSET = String.raw`[+-]?\d{1,2}(?::\d{2}){0,2}`;
const RULE = String.raw`M\d{1,2}\.[1-5]\.[0-6](?:/[+-]?\d{1,3}(?::\d{2}){0,2})?`;
const POSIX = new RegExp(`^(${NAME})(${OFFSET})(?:(${NAME})(${OFFSET})?,(${RULE}),(${RULE}))?$`);

function seconds(s: string): number {
  const sign = s.startsWith('-') ? -1 : 1;
  const [h = 0, m = 0, sec = 0] = s.replace(/^[+-]/, '').split(':').map(Number);
  return sign * (h * 3600 + m * 60 + sec);
}

function mRule(s: string): MRule {
  const [date, time] = s.slice(1).split('/');
  const [month, week, day] = date!.split('.').map(Number) as [number, number, number];
  return { month, week, day, seconds: time === undefined ? 7200 : seconds(time) };
}

/** Parses `std offset [dst [offset],start[/time],end[/time]]` (POSIX offsets are west-positive). */
function parsePosix(tz: string): PosixRule {
  const m = POSIX.exec(tz);
  if (!m) throw new Error(`not a POSIX TZ string: ${tz}`);
  const stdOffset = -seconds(m[2]!);
  if (!m[3]) return { stdOffset };
  return { stdOffset, dstOffset: m[4] ? -seconds(m[4]) : stdOffset + 3600, start: mRule(m[5]!), end: mRule(m[6]!) };
}

/** UTC ms of rule `r` in `year`; its local time is read with the offset in force before it. */
function transition(r: MRule, year: number, offsetBefore: number): number {
  const firstWeekday = new Date(Date.UTC(year, r.month - 1, 1)).getUTCDay();
  let day = 1 + ((r.day - firstWeekday + 7) % 7) + (r.week - 1) * 7;
  const days = new Date(Date.UTC(year, r.month, 0)).getUTCDate();
  while (day > days) day -= 7;
  return Date.UTC(year, r.month - 1, day) + (r.seconds - offsetBefore) * 1000;
}

/** Minutes east of UTC at `t` under the POSIX rule (valid away from new year). */
function posixOffsetAt(rule: PosixRule, t: number): number {
  if (!rule.start || !rule.end || rule.dstOffset === undefined) return rule.stdOffset / 60;
  const year = new Date(t).getUTCFullYear();
  const start = transition(rule.start, year, rule.stdOffset);
  const end = transition(rule.end, year, rule.dstOffset);
  const inDst = start < end ? t >= start && t < end : t >= start || t < end;
  return (inDst ? rule.dstOffset : rule.stdOffset) / 60;
}

function intlOffsetAt(fmt: Intl.DateTimeFormat, t: number): number {
  const name = fmt.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Instants (every `stepMinutes`, 2 Jan - 30 Dec) where the POSIX rule and the tz database disagree. */
function disagreements(timezone: string, years: number[], stepMinutes: number): string[] {
  const rule = parsePosix(timezoneInfo(timezone).posix);
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
  const out: string[] = [];
  for (const year of years) {
    for (let t = Date.UTC(year, 0, 2); t < Date.UTC(year, 11, 30); t += stepMinutes * 60_000) {
      const posix = posixOffsetAt(rule, t);
      const intl = intlOffsetAt(fmt, t);
      if (posix !== intl) out.push(`${new Date(t).toISOString()}: rule ${posix}, tz database ${intl}`);
    }
  }
  return out;
}

// --- tests ---

describe('timezoneInfo', () => {
  it('describes Europe/Berlin as CET with EU summer time', () => {
    expect(timezoneInfo('Europe/Berlin')).toEqual({
      timezone: 'Europe/Berlin',
      utc_offset_minutes: 60,
      utc_offset: '+01:00',
      utc_offset_hours: '+1',
      utc_offset_short: '+1',
      posix: 'CET-1CEST,M3.5.0,M10.5.0/3',
      has_dst: true,
      dst: {
        start: { month: 3, week: 5, weekday: 0, weekday_iso: 7, hour: 2, minute: 0 },
        end: { month: 10, week: 5, weekday: 0, weekday_iso: 7, hour: 3, minute: 0 },
        offset_minutes: 60,
      },
    });
  });

  it('has no DST rules for a zone without DST, and spells a half-hour offset +5:30', () => {
    expect(timezoneInfo('Asia/Kolkata').dst).toBeNull();
    expect(timezoneInfo('Asia/Kolkata').utc_offset_short).toBe('+5:30');
    expect(timezoneInfo('America/St_Johns').utc_offset_short).toBe('-3:30');
  });

  it('describes America/New_York as EST with US daylight time', () => {
    expect(timezoneInfo('America/New_York')).toMatchObject({
      utc_offset_minutes: -300,
      utc_offset: '-05:00',
      utc_offset_hours: '-5',
      posix: 'EST5EDT,M3.2.0,M11.1.0',
      has_dst: true,
    });
  });

  it('describes Asia/Kolkata with a half-hour offset and no DST', () => {
    const info = timezoneInfo('Asia/Kolkata');
    expect(info).toMatchObject({ utc_offset_minutes: 330, utc_offset: '+05:30', utc_offset_hours: '+5.5', has_dst: false });
    expect(info.posix).toMatch(/^(IST|<\+0530>)-5:30$/);
  });

  it('describes UTC as UTC0', () => {
    expect(timezoneInfo('UTC')).toMatchObject({
      utc_offset_minutes: 0,
      utc_offset: '+00:00',
      utc_offset_hours: '+0',
      posix: 'UTC0',
      has_dst: false,
    });
  });

  it('spells a negative half-hour offset (America/St_Johns)', () => {
    expect(timezoneInfo('America/St_Johns')).toMatchObject({
      utc_offset_minutes: -210,
      utc_offset: '-03:30',
      utc_offset_hours: '-3.5',
      has_dst: true,
    });
    expect(timezoneInfo('America/St_Johns').posix).toMatch(/3:30.*,M3\.2\.0,M11\.1\.0$/);
  });

  it('takes the winter offset as standard in the southern hemisphere (Australia/Sydney)', () => {
    const info = timezoneInfo('Australia/Sydney');
    expect(info).toMatchObject({ utc_offset_minutes: 600, utc_offset: '+10:00', utc_offset_hours: '+10', has_dst: true });
    // DST starts on the first Sunday of October at 2:00 and ends on the first Sunday of April at 3:00.
    expect(info.posix).toMatch(/^(AEST|<\+10>)-10(AEDT|<\+11>),M10\.1\.0,M4\.1\.0\/3$/);
  });

  it('uses the standard (smaller) offset when summer time is negative in the tz database (Europe/Dublin)', () => {
    const info = timezoneInfo('Europe/Dublin');
    expect(info.utc_offset_minutes).toBe(0);
    expect(info.posix).toMatch(/^GMT0(IST|<\+01>),M3\.5\.0\/1,M10\.5\.0$/);
  });

  it('writes transition minutes when a zone changes off the hour (Pacific/Chatham at 2:45)', () => {
    expect(timezoneInfo('Pacific/Chatham').posix).toBe('<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45');
  });

  it('returns the cached object for repeated calls', () => {
    expect(timezoneInfo('Europe/Berlin')).toBe(timezoneInfo('Europe/Berlin'));
  });

  it.each([
    ['Europe/Berlin'], ['America/New_York'], ['America/Los_Angeles'], ['Europe/London'], ['Europe/Dublin'],
    ['Europe/Helsinki'], ['Australia/Sydney'], ['Pacific/Auckland'], ['Australia/Lord_Howe'], ['America/St_Johns'],
    ['America/Havana'], ['America/Nuuk'], ['Asia/Kolkata'], ['Asia/Tokyo'], ['UTC'],
  ])('gives %s a POSIX rule that reproduces the tz database in 2026 and 2027', (timezone) => {
    expect(disagreements(timezone, [2026, 2027], 60)).toEqual([]);
  });

  it('gives Pacific/Chatham a rule exact to the quarter hour', () => {
    expect(disagreements('Pacific/Chatham', [2026], 15)).toEqual([]);
  });
});
