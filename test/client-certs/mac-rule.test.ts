/** The MAC of a device certificate by its vendor's rule: subject attributes, SAN kinds, spellings, refusals. */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileMacRule } from '../../src/client-certs/mac-rule.js';
import { ClientCertRuleSchema } from '../../src/vendors/descriptor.js';
import { issueDevice, makeCa } from './support.js';

const ca = makeCa('Rule Test CA');
const rule = (r: Record<string, unknown>) => compileMacRule(ClientCertRuleSchema.parse({ source: 'test', ...r }));
const x509 = (...args: Parameters<typeof issueDevice> extends [unknown, ...infer R] ? R : never) => new X509Certificate(issueDevice(ca, ...args).certPem);

describe('compileMacRule', () => {
  it('reads the subject CN in any parseMac spelling (bare, colons, Cisco dots)', () => {
    const cn = rule({ mac_from: 'subject.CN' });

    expect(cn(x509([{ shortName: 'CN', value: '000413AABBCC' }]))).toBe('000413aabbcc');
    expect(cn(x509([{ shortName: 'CN', value: '00:15:65:AA:BB:CC' }]))).toBe('001565aabbcc');
    expect(cn(x509([{ shortName: 'CN', value: '0015.65aa.bbcc' }]))).toBe('001565aabbcc');
  });

  it('reads the MAC from a pattern group inside a longer value', () => {
    const r = rule({ mac_from: 'subject.CN', pattern: '^SEP(?<mac>[0-9A-F]{12})$' });

    expect(r(x509([{ shortName: 'CN', value: 'SEP0C0D0E112233' }]))).toBe('0c0d0e112233');
    expect(r(x509([{ shortName: 'CN', value: '0C0D0E112233' }]))).toBeUndefined();
  });

  it('reads a Cisco MPP-style subject (MAC in ST, serial in L, product in OU)', () => {
    const st = rule({ mac_from: 'subject.ST' });

    expect(st(x509([{ shortName: 'OU', value: 'CP-8841-3PCC' }, { shortName: 'L', value: '88012BA01234' }, { shortName: 'ST', value: '000e08abcdef' }]))).toBe('000e08abcdef');
  });

  it('reads SAN DNS and URI entries', () => {
    const dns = rule({ mac_from: 'san.dns', pattern: '^(?<mac>[0-9a-f]{12})\\.devices\\.example$' });
    const uri = rule({ mac_from: 'san.uri', pattern: '^urn:dev:mac:(?<mac>[0-9a-f]{12})$' });
    const cert = x509([{ shortName: 'CN', value: 'phone' }], { sans: [{ type: 'dns', value: 'other.example' }, { type: 'dns', value: '0c0d0e445566.devices.example' }, { type: 'uri', value: 'urn:dev:mac:0c0d0e778899' }] });

    expect(dns(cert)).toBe('0c0d0e445566');
    expect(uri(cert)).toBe('0c0d0e778899');
  });

  it('names no MAC for a generic certificate, a group address, or two different MACs', () => {
    const cn = rule({ mac_from: 'subject.CN' });
    const dns = rule({ mac_from: 'san.dns' });

    expect(cn(x509([{ shortName: 'CN', value: 'Yealink Generic Device' }]))).toBeUndefined();
    expect(cn(x509([{ shortName: 'CN', value: '01005e000001' }]))).toBeUndefined();
    expect(dns(x509([{ shortName: 'CN', value: 'x' }], { sans: [{ type: 'dns', value: '0c0d0e000001' }, { type: 'dns', value: '0c0d0e000002' }] }))).toBeUndefined();
  });

  it('refuses a rule without a mac group or with a broken pattern', () => {
    expect(ClientCertRuleSchema.safeParse({ mac_from: 'subject.CN', pattern: '^(.{12})$', source: 's' }).success).toBe(false);
    expect(ClientCertRuleSchema.safeParse({ mac_from: 'subject.CN', pattern: '^(?<mac>[0-9$', source: 's' }).success).toBe(false);
    expect(ClientCertRuleSchema.safeParse({ mac_from: 'subject.XX', source: 's' }).success).toBe(false);
  });
});
