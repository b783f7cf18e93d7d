/**
 * @module The network settings (`GET`/`POST /api/network`, PortSIP's): a partial update of what
 * changed; an emptied field is sent as `null` (cleared, the server's default applies).
 */
import type { PageContext } from '../context.js';
import { h, replace } from '../dom.js';
import { createForm, type FieldSpec } from '../forms.js';

// NOTE(console): the fields of src/domain/network.ts (NetworkSchema); the API names a bad one in `errors[]`.
const TEXT: readonly [string, string][] = [
  ['web_domain', 'Web domain'],
  ['private_ipv4', 'Private IPv4 address'],
  ['public_ipv4', 'Public IPv4 address'],
  ['private_ipv6', 'Private IPv6 address'],
  ['public_ipv6', 'Public IPv6 address'],
  ['primary_dns_server', 'Primary DNS server'],
  ['secondary_dns_server', 'Secondary DNS server'],
  ['sip_domain', 'SIP domain'],
  ['sbc_domain', 'SBC domain'],
];
const PORTS: readonly [string, string][] = [
  ['udp_port', 'SIP UDP port'],
  ['tcp_port', 'SIP TCP port'],
  ['tls_port', 'SIP TLS port'],
];

export async function networkPage(ctx: PageContext): Promise<void> {
  const network = await ctx.api.get<Record<string, unknown>>('/network');
  const specs: FieldSpec[] = [
    ...TEXT.map(([name, label]): FieldSpec => ({ name, label, value: network[name] as string | undefined })),
    { name: 'enable_ipv6', label: 'Enable IPv6', type: 'checkbox', value: network.enable_ipv6 === true },
    ...PORTS.map(([name, label]): FieldSpec => ({ name, label, type: 'number', value: network[name] as number | undefined })),
  ];
  const form = createForm('network', specs, 'Save', async (f) => {
    const body: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(f.values())) {
      const before = network[name];
      if (typeof value === 'boolean') {
        if (value !== before) body[name] = value;
      } else if (value === '') {
        if (before !== undefined && before !== null) body[name] = null;
      } else {
        const typed = PORTS.some(([p]) => p === name) && /^\d+$/.test(value) ? Number(value) : value;
        if (typed !== before) body[name] = typed;
      }
    }
    if (Object.keys(body).length === 0) return ctx.status('Nothing changed.');
    await ctx.api.send('POST', '/network', body);
    ctx.status('Network settings saved.');
    ctx.reload();
  });
  document.title = 'Network · provd';
  replace(ctx.main, h('h1', { tabindex: '-1' }, 'Network settings'), h('p', {}, 'The addresses and ports phones are given.'), form.element);
}
