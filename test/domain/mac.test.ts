import { describe, expect, it } from 'vitest';
import { formatMac, isCanonicalMac, ouiOf, parseMac, type Mac } from '../../src/domain/mac.js';

const CANONICAL = '001565aabbcc';

describe('parseMac', () => {
  it.each([
    ['colon-separated upper case', '00:15:65:AA:BB:CC'],
    ['dash-separated lower case', '00-15-65-aa-bb-cc'],
    ['bare lower case', '001565aabbcc'],
    ['bare upper case', '001565AABBCC'],
    ['Cisco dotted', '0015.65aa.bbcc'],
    ['Cisco dotted upper case', '0015.65AA.BBCC'],
  ])('accepts the %s spelling and returns 12 lowercase hex digits', (_label, input) => {
    expect(parseMac(input)).toBe(CANONICAL);
  });

  it.each([
    [' 001565aabbcc '],
    ['\t00:15:65:AA:BB:CC\n'],
    ['  00-15-65-aa-bb-cc  '],
    [' 0015.65aa.bbcc '],
  ])('accepts surrounding whitespace around %j', (input) => {
    expect(parseMac(input)).toBe(CANONICAL);
  });

  it.each([
    ['mixed separators', '00:15-65:aa:bb:cc'],
    ['mixed separators (dash first)', '00-15:65-aa-bb-cc'],
    ['11 digits', '001565aabbc'],
    ['13 digits', '001565aabbccd'],
    ['11 digits separated', '00:15:65:aa:bb:c'],
    ['non-hex digit', '001565aabbcg'],
    ['non-hex separated', '00:15:65:zz:bb:cc'],
    ['seven octets', '00:15:65:aa:bb:cc:dd'],
    ['inner whitespace', '00 15 65 aa bb cc'],
    ['Cisco dotted with wrong groups', '00156.5aa.bbcc'],
    ['empty string', ''],
    ['whitespace only', '   '],
  ])('refuses %s (%j)', (_label, input) => {
    expect(parseMac(input)).toBeUndefined();
  });

  it('refuses the all-zero address', () => {
    expect(parseMac('00:00:00:00:00:00')).toBeUndefined();
    expect(parseMac('000000000000')).toBeUndefined();
  });

  it('refuses the broadcast address', () => {
    expect(parseMac('ff:ff:ff:ff:ff:ff')).toBeUndefined();
    expect(parseMac('FFFFFFFFFFFF')).toBeUndefined();
  });

  it('refuses multicast addresses (odd first octet)', () => {
    expect(parseMac('01:00:5e:00:00:fb')).toBeUndefined();
    expect(parseMac('33:33:00:00:00:01')).toBeUndefined();
    expect(parseMac('011565aabbcc')).toBeUndefined();
  });

  it('accepts a locally administered unicast address (even first octet)', () => {
    expect(parseMac('02:00:00:00:00:01')).toBe('020000000001');
  });

  it.each([[undefined], [null], [1565], [{}], [['00', '15']]])('refuses the non-string %j', (input) => {
    expect(parseMac(input as unknown as string)).toBeUndefined();
  });

  it('refuses long strings', () => {
    expect(parseMac('001565aabbcc'.repeat(2))).toBeUndefined();
    expect(parseMac('0'.repeat(100_000))).toBeUndefined();
    expect(parseMac(`${' '.repeat(100)}001565aabbcc`)).toBeUndefined();
  });
});

describe('formatMac', () => {
  const mac = parseMac('00:15:65:AA:BB:CC')!;

  it('spells the bare lowercase form by default', () => {
    expect(formatMac(mac)).toBe('001565aabbcc');
  });

  it('spells upper case without separators', () => {
    expect(formatMac(mac, { upper: true })).toBe('001565AABBCC');
  });

  it('spells colon-separated upper case', () => {
    expect(formatMac(mac, { separator: ':', upper: true })).toBe('00:15:65:AA:BB:CC');
  });

  it('spells dash-separated lower case', () => {
    expect(formatMac(mac, { separator: '-' })).toBe('00-15-65-aa-bb-cc');
  });

  it('round-trips through parseMac', () => {
    expect(parseMac(formatMac(mac, { separator: '-', upper: true }))).toBe(mac);
  });
});

describe('ouiOf', () => {
  it('returns the first three octets as 6 lowercase hex digits', () => {
    expect(ouiOf(parseMac('80:5E:C0:12:34:56')!)).toBe('805ec0');
  });
});

describe('isCanonicalMac', () => {
  it('accepts 12 lowercase hex digits of a unicast address', () => {
    expect(isCanonicalMac('001565aabbcc')).toBe(true);
  });

  it.each([
    ['upper case', '001565AABBCC'],
    ['separated', '00:15:65:aa:bb:cc'],
    ['surrounding whitespace', ' 001565aabbcc'],
    ['multicast', '011565aabbcc'],
    ['all-zero', '000000000000'],
    ['too short', '001565aabbc'],
  ])('refuses the %s form', (_label, input) => {
    expect(isCanonicalMac(input)).toBe(false);
  });

  it('narrows to Mac so it can be formatted', () => {
    const s = '001565aabbcc';
    if (!isCanonicalMac(s)) throw new Error('expected canonical');
    const mac: Mac = s;
    expect(formatMac(mac, { separator: ':' })).toBe('00:15:65:aa:bb:cc');
  });
});
