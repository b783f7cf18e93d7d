/**
 * Time zones come from the TZif footers of the system's tz database (issue 14 §1): the rules of
 * America/Santiago and Africa/Casablanca, every zone the vendors' tables name compared with its
 * footer, and the loud failure when a zone has no usable file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPosixTz, parsePosixTz, withPositiveDst, type DstTransition } from '../../src/render/posix-tz.js';
import { createTimezoneInfo, DEFAULT_ZONEINFO_DIR, timezoneInfo } from '../../src/render/timezone-info.js';
import { vendors } from '../helpers/vendor-render.js';

/** The footer of a zone's TZif file, read here independently of the code under test. */
function footer(zone: string): string {
  const lines = readFileSync(join(DEFAULT_ZONEINFO_DIR, zone), 'latin1').split('\n');
  expect(lines.at(-1), `${zone}: the file ends with a newline`).toBe('');
  return lines.at(-2)!;
}

/** Local date (YYYY-MM-DD) a POSIX `Mm.w.d/h` transition falls on in `year` (hours past 24 move to later days). */
function ruleDate(rule: DstTransition, year: number): string {
  const firstWeekday = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay();
  let day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + (rule.week - 1) * 7;
  while (day > new Date(Date.UTC(year, rule.month, 0)).getUTCDate()) day -= 7;
  return new Date(Date.UTC(year, rule.month - 1, day) + Math.floor((rule.hour * 60 + rule.minute) / 1440) * 86_400_000).toISOString().slice(0, 10);
}

describe('POSIX TZ rules from the TZif footer', () => {
  it('gives America/Santiago the tz database rule: summer time from the Sunday after the first Saturday of September', () => {
    const info = timezoneInfo('America/Santiago');
    expect(info.posix).toBe('<-04>4<-03>,M9.1.6/24,M4.1.6/24');
    expect(info.dst?.start).toMatchObject({ month: 9, week: 1, weekday: 6, hour: 24, minute: 0 });
    // 2030: 1 September is a Sunday; the clocks change on Sunday 8 September, not on the 1st.
    expect(new Date(Date.UTC(2030, 8, 1)).getUTCDay()).toBe(0);
    expect(ruleDate(info.dst!.start, 2030)).toBe('2030-09-08');
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Santiago', timeZoneName: 'longOffset' });
    const offsetOn = (day: number) => fmt.formatToParts(Date.UTC(2030, 8, day, 12)).find((p) => p.type === 'timeZoneName')!.value;
    expect([offsetOn(1), offsetOn(7), offsetOn(8)]).toEqual(['GMT-04:00', 'GMT-04:00', 'GMT-03:00']);
  });

  it('gives Africa/Casablanca no invented DST rule (+01 all year after the listed Ramadan changes)', () => {
    expect(timezoneInfo('Africa/Casablanca')).toMatchObject({ posix: '<+01>-1', has_dst: false, dst: null, utc_offset_minutes: 60, utc_offset_short: '+1' });
  });

  it('swaps a negative DST into standard + summer time (Europe/Dublin)', () => {
    expect(footer('Europe/Dublin')).toBe('IST-1GMT0,M10.5.0,M3.5.0/1');
    expect(timezoneInfo('Europe/Dublin')).toMatchObject({ posix: 'GMT0IST,M3.5.0/1,M10.5.0', utc_offset_minutes: 0, dst: { offset_minutes: 60 } });
  });

  const zones = [...new Set(vendors.flatMap((v) => Object.keys(v.descriptor.maps.timezone ?? {})).filter((z) => z !== '*'))].sort();

  it('covers the zones of every vendor table that has one', () => {
    expect(zones.length).toBeGreaterThan(50);
  });

  it.each(zones)('writes %s exactly as its TZif footer (negative DST swapped)', (zone) => {
    const raw = footer(zone);
    const parsed = parsePosixTz(raw);
    expect(parsed, `${zone}: footer ${raw}`).toBeDefined();
    const expected = withPositiveDst(parsed!) === parsed ? raw : formatPosixTz(withPositiveDst(parsed!));
    expect(timezoneInfo(zone).posix).toBe(expected);
  });

  it('parses and re-writes every footer of the system\'s tz database unchanged', () => {
    const bad = Intl.supportedValuesOf('timeZone').filter((zone) => {
      const raw = footer(zone);
      const parsed = parsePosixTz(raw);
      return !parsed || formatPosixTz(parsed) !== raw;
    });
    expect(bad).toEqual([]);
  });
});

describe('the tz database on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'provd-tz-'));
  writeFileSync(join(dir, 'Old'), Buffer.concat([Buffer.from('TZif\0'), Buffer.alloc(39)]));
  writeFileSync(join(dir, 'NoFooter'), Buffer.concat([Buffer.from('TZif2'), Buffer.alloc(39)]));
  writeFileSync(join(dir, 'Good'), Buffer.concat([Buffer.from('TZif2'), Buffer.alloc(39), Buffer.from('\nCET-1CEST,M3.5.0,M10.5.0/3\n')]));

  it('reads a zone from the folder it is given', () => {
    expect(createTimezoneInfo({ zoneinfoDir: dir })('Good').posix).toBe('CET-1CEST,M3.5.0,M10.5.0/3');
  });

  it('reads nothing when created, only when a zone is asked for', () => {
    expect(() => createTimezoneInfo({ zoneinfoDir: join(dir, 'absent') })).not.toThrow();
  });

  it.each([
    ['a missing file', 'Missing/Zone'],
    ['a TZif version 1 file (no footer)', 'Old'],
    ['a file without a footer', 'NoFooter'],
    ['a name that would leave the folder', '../Good'],
  ])('fails loudly (PROV_ERR_TZDATA_MISSING) on %s', (_label, zone) => {
    expect(() => createTimezoneInfo({ zoneinfoDir: dir })(zone)).toThrow(expect.objectContaining({ code: 'PROV_ERR_TZDATA_MISSING' }));
  });
});
