import { describe, expect, it } from 'vitest';
import { ProvError } from '../../src/errors.js';
import { parseWith } from '../../src/domain/fields.js';
import { DEFAULT_NETWORK, NetworkSchema, NetworkUpdateSchema } from '../../src/domain/network.js';

function badFields(schema: Parameters<typeof parseWith>[0], input: unknown): string[] {
  try {
    parseWith(schema, input);
  } catch (err) {
    expect(err).toBeInstanceOf(ProvError);
    expect((err as ProvError).code).toBe('PROV_ERR_VALIDATION');
    return (err as ProvError).errors.map((e) => e.field);
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('NetworkSchema defaults', () => {
  it('defaults the SIP ports to 5060 UDP, 5063 TCP, 5061 TLS and enables IPv6', () => {
    expect(parseWith(NetworkSchema, {})).toEqual({ enable_ipv6: true, udp_port: 5060, tcp_port: 5063, tls_port: 5061 });
  });

  it('exposes the same defaults as DEFAULT_NETWORK', () => {
    expect(DEFAULT_NETWORK).toEqual({ enable_ipv6: true, udp_port: 5060, tcp_port: 5063, tls_port: 5061 });
  });

  it('keeps explicit values over defaults', () => {
    expect(parseWith(NetworkSchema, { enable_ipv6: false, udp_port: 5070 })).toMatchObject({
      enable_ipv6: false,
      udp_port: 5070,
      tcp_port: 5063,
    });
  });
});

describe('host names', () => {
  it.each([['pbx.example.com'], ['pbx'], ['pbx.example.com.'], ['sip-1.example.co.uk'], [`${'a'.repeat(63)}.com`]])(
    'accepts the domain name %j',
    (name) => {
      expect(parseWith(NetworkSchema, { web_domain: name, sip_domain: name, sbc_domain: name })).toMatchObject({
        web_domain: name,
        sip_domain: name,
        sbc_domain: name,
      });
    }
  );

  it.each([
    ['a leading dash', '-pbx.example.com'],
    ['a trailing dash in a label', 'pbx-.example.com'],
    ['an underscore', 'pbx_1.example.com'],
    ['a space', 'pbx example.com'],
    ['a label of 64 characters', `${'a'.repeat(64)}.com`],
    ['a URL', 'https://pbx.example.com'],
    ['a line break', 'pbx.example.com\nevil'],
    ['an empty label', 'pbx..example.com'],
    ['nothing', ''],
  ])('refuses a domain with %s', (_label, name) => {
    expect(badFields(NetworkSchema, { web_domain: name })).toContain('web_domain');
    expect(badFields(NetworkSchema, { sip_domain: name })).toContain('sip_domain');
    expect(badFields(NetworkSchema, { sbc_domain: name })).toContain('sbc_domain');
  });

  it('refuses a domain longer than 253 characters', () => {
    const long = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.');
    expect(long.length).toBeGreaterThan(253);
    expect(badFields(NetworkSchema, { web_domain: long })).toContain('web_domain');
  });
});

describe('IP addresses', () => {
  it.each([['192.168.1.10'], ['10.0.0.1'], ['203.0.113.7']])('accepts the IPv4 address %s', (ip) => {
    expect(parseWith(NetworkSchema, { private_ipv4: ip, public_ipv4: ip })).toMatchObject({ private_ipv4: ip, public_ipv4: ip });
  });

  it.each([['256.1.1.1'], ['192.168.1'], ['::1'], ['pbx.example.com'], [' 10.0.0.1']])('refuses %j as IPv4', (ip) => {
    expect(badFields(NetworkSchema, { private_ipv4: ip, public_ipv4: ip }).sort()).toEqual(['private_ipv4', 'public_ipv4']);
  });

  it.each([['2001:db8::1'], ['::1'], ['fe80::1:2:3:4']])('accepts the IPv6 address %s', (ip) => {
    expect(parseWith(NetworkSchema, { private_ipv6: ip, public_ipv6: ip })).toMatchObject({ private_ipv6: ip, public_ipv6: ip });
  });

  it.each([['192.168.1.10'], ['2001:db8::g'], ['2001:db8:::1'], ['pbx.example.com']])('refuses %j as IPv6', (ip) => {
    expect(badFields(NetworkSchema, { private_ipv6: ip, public_ipv6: ip }).sort()).toEqual(['private_ipv6', 'public_ipv6']);
  });

  it('accepts DNS servers of either IP family', () => {
    expect(parseWith(NetworkSchema, { primary_dns_server: '8.8.8.8', secondary_dns_server: '2001:4860:4860::8888' })).toMatchObject({
      primary_dns_server: '8.8.8.8',
      secondary_dns_server: '2001:4860:4860::8888',
    });
  });

  it('refuses a DNS server given by name', () => {
    expect(badFields(NetworkSchema, { primary_dns_server: 'dns.google', secondary_dns_server: '1.1.1' }).sort()).toEqual([
      'primary_dns_server',
      'secondary_dns_server',
    ]);
  });
});

describe('SIP ports', () => {
  it.each([['udp_port'], ['tcp_port'], ['tls_port']])('accepts %s 1 and 65535', (field) => {
    expect(parseWith(NetworkSchema, { [field]: 1 })[field as 'udp_port']).toBe(1);
    expect(parseWith(NetworkSchema, { [field]: 65535 })[field as 'udp_port']).toBe(65535);
  });

  it.each([['udp_port'], ['tcp_port'], ['tls_port']])('refuses %s 0, 65536, 5060.5 and "5060"', (field) => {
    for (const value of [0, 65536, 5060.5, '5060']) expect(badFields(NetworkSchema, { [field]: value })).toEqual([field]);
  });
});

describe('NetworkSchema body', () => {
  it('refuses unknown fields and names them', () => {
    expect(badFields(NetworkSchema, { http_port: 80 })).toEqual(['http_port']);
  });

  it('names every bad field at once', () => {
    expect(badFields(NetworkSchema, { public_ipv4: 'x', udp_port: 0, web_domain: '-x', enable_ipv6: 'yes' }).sort()).toEqual([
      'enable_ipv6',
      'public_ipv4',
      'udp_port',
      'web_domain',
    ]);
  });
});

describe('NetworkUpdateSchema', () => {
  it('applies no defaults: an empty update stays empty', () => {
    expect(parseWith(NetworkUpdateSchema, {})).toEqual({});
  });

  it('returns only the fields sent', () => {
    expect(parseWith(NetworkUpdateSchema, { enable_ipv6: false, public_ipv4: '203.0.113.7' })).toEqual({
      enable_ipv6: false,
      public_ipv4: '203.0.113.7',
    });
  });

  it('accepts null to clear a field', () => {
    expect(parseWith(NetworkUpdateSchema, { public_ipv4: null, web_domain: null, udp_port: null })).toEqual({
      public_ipv4: null,
      web_domain: null,
      udp_port: null,
    });
  });

  it('applies the same rules as the full schema', () => {
    expect(badFields(NetworkUpdateSchema, { public_ipv6: '1.2.3.4', tls_port: 70000 }).sort()).toEqual(['public_ipv6', 'tls_port']);
  });

  it('refuses unknown fields', () => {
    expect(badFields(NetworkUpdateSchema, { gateway: '10.0.0.1' })).toEqual(['gateway']);
  });
});

describe('call pickup code', () => {
  it.each([['**'], ['*8'], ['#8'], ['0']])('accepts the feature code %j', (code) => {
    expect(parseWith(NetworkSchema, { call_pickup_code: code }).call_pickup_code).toBe(code);
  });

  it('is absent by default (the phones keep their own default)', () => {
    expect(parseWith(NetworkSchema, {}).call_pickup_code).toBeUndefined();
  });

  it.each([['letters', '*8a'], ['a line break', '*8\n'], ['a separator of a vendor format', '*8|1'], ['nothing', ''], ['17 characters', '*'.repeat(17)]])(
    'refuses a code with %s',
    (_label, code) => {
      expect(badFields(NetworkSchema, { call_pickup_code: code })).toContain('call_pickup_code');
    }
  );
});
