/**
 * Yealink fidelity (issue 14 §1): time-zone names exactly as in Yealink's own zone table, every
 * codec the phone has switched off unless the phone's list selects it, BLF keys with the pickup code.
 */
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

function settings(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([^#\s][^=]*?) = (.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

function device(edit?: (i: FixtureInput) => void): Map<string, string> {
  return settings(renderVendorFile('yealink', 'T46U', 'device', 'full', edit).text);
}

/**
 * Zone names of Yealink's table (`local_time.time_zone_name`, the names of the auto-DST file),
 * as listed in the Yealink T2/T4/T5 administrator guides' time-zone appendix; multi-city names
 * are written without a space after the comma, as in the phone's own file.
 */
const YEALINK_ZONE_NAMES = new Set([
  'GMT', 'United Kingdom(London)', 'Ireland(Dublin)', 'Portugal(Lisboa,Porto,Funchal)', 'Spain-Canary Islands(Las Palmas)',
  'Denmark-Faroe Islands(Torshavn)', 'Portugal(Azores)', 'Albania(Tirane)', 'Austria(Vienna)', 'Belgium(Brussels)',
  'Spain(Madrid)', 'Croatia(Zagreb)', 'Czech Republic(Prague)', 'Denmark(Kopenhagen)', 'France(Paris)', 'Germany(Berlin)',
  'Hungary(Budapest)', 'Italy(Rome)', 'Luxembourg(Luxembourg)', 'Macedonia(Skopje)', 'Netherlands(Amsterdam)',
  'Namibia(Windhoek)', 'Estonia(Tallinn)', 'Finland(Helsinki)', 'Gaza Strip(Gaza)', 'Greece(Athens)', 'Israel(Tel Aviv)',
  'Jordan(Amman)', 'Latvia(Riga)', 'Lebanon(Beirut)', 'Moldova(Kishinev)', 'Russia(Kaliningrad)', 'Romania(Bucharest)',
  'Syria(Damascus)', 'Turkey(Ankara)', 'Ukraine(Kyiv,Odessa)', 'East Africa Time', 'Iraq(Baghdad)', 'Russia(Moscow)',
  'United States-Hawaii-Aleutian', 'United States-Alaska Time', 'United States-Pacific Time', 'United States-Mountain Time',
  'United States-MST no DST', 'United States-Central Time', 'United States-Eastern Time', 'Bahamas(Nassau)', 'Cuba(Havana)',
  'Canada(Halifax,Saint John)', 'Chile(Santiago)', 'Paraguay(Asuncion)', 'Canada-New Foundland(St.Johns)',
  'India(Calcutta)', 'Thailand(Bangkok)', 'China(Beijing)', 'Singapore(Singapore)', 'Australia(Perth)', 'Korea(Seoul)',
  'Japan(Tokyo)', 'Australia(Adelaide)', 'Australia(Darwin)', 'Australia(Sydney,Melbourne,Canberra)', 'Australia(Brisbane)',
  'Australia(Hobart)', 'Australia(Lord Howe Islands)', 'New Zealand(Wellington,Auckland)',
]);

describe('Yealink time-zone names', () => {
  it('maps every IANA zone to a name of Yealink\'s table, spelled exactly', () => {
    const map = registry.get('yealink')!.descriptor.maps.timezone!;
    const unknown = Object.entries(map).filter(([, name]) => !YEALINK_ZONE_NAMES.has(String(name)));
    expect(unknown).toEqual([]);
  });

  it.each([
    ['Europe/Kyiv', 'Ukraine(Kyiv,Odessa)'],
    ['Europe/Kiev', 'Ukraine(Kyiv,Odessa)'],
    ['Europe/Madrid', 'Spain(Madrid)'],
    ['Europe/Warsaw', 'Germany(Berlin)'],
  ])('writes %s as %s', (timezone, name) => {
    expect(device((i) => Object.assign(i.phone, { timezone })).get('local_time.time_zone_name')).toBe(name);
  });
});

/** Every codec parameter of Yealink's `account.N.codec.<name>` set (T4x/T5x, firmware 8x). */
const YEALINK_CODECS = [
  'pcmu', 'pcma', 'g722', 'g729', 'g726_16', 'g726_24', 'g726_32', 'g726_40', 'g723_53', 'g723_63',
  'ilbc', 'ilbc_13_33kbps', 'ilbc_15_2kbps', 'opus', 'g722_1_24kpbs', 'g722_1c_24kpbs', 'g722_1c_32kpbs', 'g722_1c_48kpbs',
];

describe('Yealink codecs', () => {
  it('switches every Yealink codec off in the common file', () => {
    const common = settings(renderVendorFile('yealink', 'T46U', 'common').text);
    for (const codec of YEALINK_CODECS) expect(common.get(`account.1.codec.${codec}.enable`), codec).toBe('0');
  });

  it('leaves exactly the phone\'s codecs enabled once the per-phone file is applied', () => {
    const common = settings(renderVendorFile('yealink', 'T46U', 'common').text);
    const effective = new Map([...common, ...device((i) => Object.assign(i.phone, { codecs: ['OPUS', 'PCMA'] }))]);
    const enabled = YEALINK_CODECS.filter((c) => effective.get(`account.1.codec.${c}.enable`) === '1');
    expect(enabled.sort()).toEqual(['opus', 'pcma']);
    expect(YEALINK_CODECS.filter((c) => !effective.has(`account.1.codec.${c}.enable`))).toEqual([]);
  });
});

describe('Yealink BLF pickup', () => {
  it('gives a BLF without its own value the network\'s pickup code as `extension`', () => {
    const s = device((i) => Object.assign(i.network, { call_pickup_code: '*8' }));
    expect(s.get('linekey.2.extension')).toBe('*8');
    expect(s.get('linekey.4.extension')).toBe('*82004'); // the BLF's own value wins
  });

  it('writes no extension for a BLF without value when the network has no pickup code', () => {
    expect(device().has('linekey.2.extension')).toBe(false);
  });
});

describe('Yealink DST rules by week', () => {
  it('writes the tz database rule of a zone without a Yealink name (Atlantic/Bermuda: US rules)', () => {
    const s = device((i) => Object.assign(i.phone, { timezone: 'Atlantic/Bermuda' }));
    expect([s.get('local_time.summer_time'), s.get('local_time.start_time'), s.get('local_time.end_time')]).toEqual(['1', '3/2/7/2', '11/1/7/2']);
  });

  it('writes no hour outside 0-23 (America/Nuuk changes at -1:00 local, which the fields cannot hold)', () => {
    const s = device((i) => Object.assign(i.phone, { timezone: 'America/Nuuk' }));
    expect(s.has('local_time.start_time')).toBe(false);
    expect(s.get('local_time.summer_time')).toBe('0');
  });
});
