/**
 * Every app's payload checked against its format (shared/reference/rps-qr.md §13 and the sources
 * named in each builder), and the user's `interface` and `preferred_transport` reaching it.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK, type Network } from '../../src/domain/network.js';
import type { Interface, Transport } from '../../src/domain/values.js';
import { qrAccount } from '../../src/qr/account.js';
import { QR_APPS } from '../../src/qr/apps.js';
import type { InlineQrApp, QrAccount, TokenQrApp } from '../../src/qr/types.js';
import { expectProvError } from '../store/contract/support.js';
import { makeUser } from '../helpers/records.js';

const NETWORK: Network = {
  ...DEFAULT_NETWORK,
  web_domain: 'pbx.example.com',
  private_ipv4: '10.0.0.5',
  public_ipv4: '203.0.113.7',
  public_ipv6: '2001:db8::7',
  sbc_domain: 'sbc.example.com',
  sip_domain: 'sip.example.com',
  udp_port: 5070,
  tcp_port: 5073,
  tls_port: 5071,
};
const PORTS = { httpPort: 8080, httpsPort: 8443 };

const input = (iface: Interface = 'WEB_DOMAIN', transport: Transport = 'UDP', over: Parameters<typeof makeUser>[0] = {}): QrAccount =>
  qrAccount(makeUser({ extension_number: '101', extension_password: 'p;w&<"x>', display_name: 'Alice "A" Smith', interface: iface, preferred_transport: transport, ...over }), NETWORK, PORTS);
const inline = (id: 'portsip' | 'acrobits' | 'grandstream-wave' | 'sipnetic') => QR_APPS[id] as InlineQrApp;
const token = (id: 'linphone' | 'zoiper') => QR_APPS[id] as TokenQrApp;
const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, processEntities: true });

describe('portsip', () => {
  it('is the JSON object of the UC softphone: credentials, domain, server and the preferred transport', () => {
    const json = JSON.parse(inline('portsip').payload(input('PUBLIC_IPV4', 'TLS'), {}));

    expect(json).toStrictEqual({
      extension_number: '101',
      extension_password: 'p;w&<"x>',
      sip_domain: 'sip.example.com',
      display_name: 'Alice "A" Smith',
      pbx_public_ip: '203.0.113.7',
      outbound_proxy: '203.0.113.7',
      transports: [{ protocol: 'TLS', port: 5071 }],
      voicemail_number: '*97',
    });
  });

  it('brackets an IPv6 address (the app appends :port)', () => {
    const json = JSON.parse(inline('portsip').payload(input('PUBLIC_IPV6', 'TCP'), {}));

    expect([json.pbx_public_ip, json.transports]).toStrictEqual(['[2001:db8::7]', [{ protocol: 'TCP', port: 5073 }]]);
  });
});

describe('acrobits', () => {
  it('is csc:<user>:<password>@<Cloud ID> with user and password URL-encoded', () => {
    const text = inline('acrobits').payload(input(), { acrobitsCloudId: 'ACME42' });

    expect(text).toBe(`csc:101:${encodeURIComponent('p;w&<"x>')}@ACME42`);
    expect(decodeURIComponent(/^csc:101:([^@]+)@ACME42$/.exec(text)![1]!)).toBe('p;w&<"x>');
  });

  it('refuses without a Cloud ID, naming the setting', async () => {
    await expectProvError((async () => inline('acrobits').payload(input(), {}))(), 'PROV_ERR_QR_APP_NOT_CONFIGURED', 'PROV_QR_ACROBITS_CLOUD_ID');
  });
});

describe('grandstream-wave', () => {
  it('is one line of AccountConfig XML with the account, the domain and host:port of the transport', () => {
    const text = inline('grandstream-wave').payload(input('PRIVATE_IPV4', 'TCP'), {});

    expect(text).not.toContain('\n');
    expect(xml.parse(text).AccountConfig).toStrictEqual({
      '@_version': '1',
      Account: {
        RegisterServer: 'sip.example.com',
        OutboundServer: '10.0.0.5:5073',
        SecOutboundServer: '',
        UserID: '101',
        AuthID: '101',
        AuthPass: 'p;w&<"x>',
        AccountName: '101',
        DisplayName: 'Alice "A" Smith',
        Dialplan: '{x+|*x+|*++}',
        RandomPort: '0',
        Voicemail: '*97',
      },
    });
  });
});

describe('sipnetic', () => {
  it('is key=value; pairs with the transport code and outbound proxy; a ; in a value is doubled', () => {
    const text = inline('sipnetic').payload(input('SBC_DOMAIN', 'TLS'), {});

    expect(text).toBe('d=sip.example.com;u=101;p=p;;w&<"x>;n=Alice "A" Smith;au=101;R=1;dt=2;op=sbc.example.com:5071;exp=120;vm=*97;');
  });

  it.each([['UDP', '0', 5070], ['TCP', '1', 5073], ['TLS', '2', 5071]] as const)('maps %s to dt=%s and its port', (transport, code, port) => {
    const text = inline('sipnetic').payload(input('WEB_DOMAIN', transport), {});

    expect(text).toContain(`;dt=${code};op=pbx.example.com:${port};`);
  });
});

describe('linphone', () => {
  it('answers lpconfig XML: transient provisioning, proxy_0 with the transport, auth_info_0 with the password', () => {
    const { contentType, body } = token('linphone').configuration(input('PUBLIC_IPV4', 'TLS'));

    expect(contentType).toBe('application/xml; charset=utf-8');
    const config = xml.parse(body).config;
    expect(config['@_xmlns']).toBe('http://www.linphone.org/xsds/lpconfig.xsd');
    const sections = Object.fromEntries((config.section as any[]).map((s) => [s['@_name'], Object.fromEntries([s.entry].flat().map((e: any) => [e['@_name'], e['#text']]))]));
    expect(sections).toStrictEqual({
      misc: { transient_provisioning: '1' },
      proxy_0: {
        reg_proxy: '<sip:203.0.113.7:5071;transport=tls>',
        reg_identity: '"Alice \\"A\\" Smith" <sip:101@sip.example.com>',
        reg_expires: '3600',
        reg_sendregister: '1',
      },
      auth_info_0: { username: '101', userid: '101', passwd: 'p;w&<"x>', domain: 'sip.example.com' },
    });
  });
});

describe('zoiper', () => {
  it('answers <options><accounts><account> with username, password, authentication_username and the SIP server', () => {
    const { contentType, body } = token('zoiper').configuration(input('PRIVATE_IPV4', 'TCP'));

    expect(contentType).toBe('application/xml; charset=utf-8');
    const account = xml.parse(body).options.accounts.account;
    expect(account).toMatchObject({
      username: '101',
      password: 'p;w&<"x>',
      authentication_username: '101',
      SIP_domain: 'sip.example.com',
      SIP_outbound_proxy: '10.0.0.5:5073',
      SIP_transport_type: 'TCP',
      name: 'Alice "A" Smith',
    });
  });
});

describe('interface and preferred_transport', () => {
  it.each([
    ['WEB_DOMAIN', 'pbx.example.com'],
    ['PRIVATE_IPV4', '10.0.0.5'],
    ['PUBLIC_IPV4', '203.0.113.7'],
    ['PUBLIC_IPV6', '[2001:db8::7]'],
    ['SBC_DOMAIN', 'sbc.example.com'],
  ] as const)('%s puts %s into every payload that names a server', (iface, host) => {
    const a = input(iface, 'TCP');

    expect(JSON.parse(inline('portsip').payload(a, {})).outbound_proxy).toBe(host);
    expect(inline('grandstream-wave').payload(a, {})).toContain(`<OutboundServer>${host}:5073</OutboundServer>`);
    expect(inline('sipnetic').payload(a, {})).toContain(`;op=${host}:5073;`);
    expect(token('linphone').configuration(a).body).toContain(`&lt;sip:${host}:5073;transport=tcp&gt;`);
    expect(token('zoiper').configuration(a).body).toContain(`<SIP_outbound_proxy>${host}:5073</SIP_outbound_proxy>`);
  });

  it('falls back like a phone file when the interface has no address', () => {
    const a = qrAccount(makeUser({ interface: 'PRIVATE_IPV6' }), { ...NETWORK, enable_ipv6: false }, PORTS);

    expect(a.server.host).toBe('pbx.example.com');
  });
});
