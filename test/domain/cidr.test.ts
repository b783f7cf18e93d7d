import { describe, expect, it } from 'vitest';
import { createAddressMatcher, parseCidrList } from '../../src/domain/cidr.js';

describe('CIDR lists', () => {
  it('parses comma- and space-separated ranges and bare addresses', () => {
    expect(parseCidrList('10.0.0.0/8, 192.168.1.5 fd00::/8')).toEqual([
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '192.168.1.5', prefix: 32, family: 'ipv4' },
      { address: 'fd00::', prefix: 8, family: 'ipv6' },
    ]);
    expect(parseCidrList('')).toEqual([]);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'example.com', '10.0.0/8', '10.0.0.0/x', '10.0.0.0/'])('refuses %s', (text) => {
    expect(() => parseCidrList(text)).toThrow(/is not an address or CIDR range/);
  });

  it('matches addresses inside the ranges only, including IPv4-mapped IPv6 sources', () => {
    const allowed = createAddressMatcher(parseCidrList('10.0.0.0/8,192.168.1.5,fd00::/8'));
    expect(allowed('10.20.30.40')).toBe(true);
    expect(allowed('::ffff:10.1.2.3')).toBe(true);
    expect(allowed('192.168.1.5')).toBe(true);
    expect(allowed('192.168.1.6')).toBe(false);
    expect(allowed('fd12::1')).toBe(true);
    expect(allowed('fe80::1')).toBe(false);
    expect(allowed('not-an-ip')).toBe(false);
  });

  it('matches nothing when the list is empty', () => {
    expect(createAddressMatcher([])('10.0.0.1')).toBe(false);
  });
});
