/** Name normalisation, parsing node's subjectAltName text, and coverage. */
import { describe, expect, it } from 'vitest';
import { canonicalIp, covers, normaliseNames, parseSans } from '../../src/certs/sans.js';

describe('normaliseNames', () => {
  it('splits DNS names from IPs, canonicalises both, drops empties and duplicates, keeps order', () => {
    const r = normaliseNames(['PBX.Example.com.', undefined, '', null, '10.0.0.5', '[2001:DB8:0:0::5]', 'fe80::1%eth0', 'pbx.example.com', '2001:db8::5', 'localhost', '*.tenant.example.com']);
    expect(r.dns).toEqual(['pbx.example.com', 'localhost', '*.tenant.example.com']);
    expect(r.ips).toEqual(['10.0.0.5', '2001:db8::5', 'fe80::1']);
    expect(r.invalid).toEqual([]);
  });

  it('reports entries that are neither a DNS name nor an IP', () => {
    const r = normaliseNames(['ok.example', 'bad name', 'a..b', '-x.example', `${'a'.repeat(64)}.example`, 'x.*.example', '10.0.0.256', '10.0.0.256x']);
    expect(r.dns).toEqual(['ok.example', '10.0.0.256x']);
    expect(r.invalid).toEqual(['bad name', 'a..b', '-x.example', `${'a'.repeat(64)}.example`, 'x.*.example', '10.0.0.256']);
  });

  it('canonicalIp answers null for non-IPs', () => {
    expect(canonicalIp('::FFFF:10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(canonicalIp('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIp('example.com')).toBeNull();
  });
});

describe('parseSans / covers', () => {
  it("parses node's text form, expanding IPv6 back to canonical form", () => {
    const s = parseSans('DNS:localhost, DNS:PBX.example.com, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:2001:DB8:0:0:0:0:0:5, URI:http://x, email:a@b');
    expect(s).toEqual({ dns: ['localhost', 'pbx.example.com'], ips: ['127.0.0.1', '::1', '2001:db8::5'] });
    expect(parseSans(undefined)).toEqual({ dns: [], ips: [] });
    expect(parseSans('DNS:"a, b.example", DNS:c.example')).toEqual({ dns: ['a, b.example', 'c.example'], ips: [] });
  });

  it('covers is exact per entry and ignores extra names the certificate has', () => {
    const have = { dns: ['a.example', '*.b.example'], ips: ['10.0.0.1', '::1'] };
    expect(covers(have, { dns: ['a.example'], ips: ['::1'] })).toBe(true);
    expect(covers(have, { dns: [], ips: [] })).toBe(true);
    expect(covers(have, { dns: ['x.b.example'], ips: [] })).toBe(false);
    expect(covers(have, { dns: ['a.example'], ips: ['10.0.0.2'] })).toBe(false);
  });
});
