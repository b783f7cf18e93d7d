/** @module Which PBX address, port and transport a phone is given, from network settings + interface. */
import type { Network } from '../domain/network.js';
import type { Interface, Transport } from '../domain/values.js';

/** The server part of the render context. */
export interface ServerSettings {
  /** Address for the chosen interface (IPv6 without brackets). */
  readonly host: string;
  /** `host` ready for a URL (IPv6 in brackets). */
  readonly url_host: string;
  readonly interface: Interface;
  /** SIP registrar domain: network.sip_domain, else host. */
  readonly sip_domain: string;
  readonly transport: Transport;
  /** SIP port of `transport`. */
  readonly port: number;
  readonly udp_port: number;
  readonly tcp_port: number;
  readonly tls_port: number;
  /** The phone's auto-provisioning folder URL (ends with `/`), or null for common files. */
  readonly provisioning_url: string | null;
  /** The same URL without the trailing `/`, for vendors that append `/<file>` themselves. */
  readonly provisioning_base: string | null;
  /** `http` or `https`: the scheme of provisioning_url (https only when an HTTPS listener exists). */
  readonly provisioning_scheme: 'http' | 'https' | null;
  /** The port of provisioning_url, for vendors that take server, port and path as separate settings. */
  readonly provisioning_port: number | null;
  /** The path of provisioning_url without the trailing `/` (`/provision/<token>`). */
  readonly provisioning_path: string | null;
  readonly dns1: string | null;
  readonly dns2: string | null;
  /** The PBX's directed call-pickup prefix (network.call_pickup_code), or null: BLF keys carry it. */
  readonly pickup_code: string | null;
}

/** Interfaces tried, in order, when the chosen one has no address configured. */
const FALLBACK: readonly Interface[] = ['WEB_DOMAIN', 'PRIVATE_IPV4', 'PUBLIC_IPV4', 'SBC_DOMAIN', 'PRIVATE_IPV6', 'PUBLIC_IPV6'];

export function addressOf(network: Network, iface: Interface): string | undefined {
  switch (iface) {
    case 'WEB_DOMAIN': return network.web_domain;
    case 'PUBLIC_IPV4': return network.public_ipv4;
    case 'PRIVATE_IPV4': return network.private_ipv4;
    case 'PUBLIC_IPV6': return network.enable_ipv6 ? network.public_ipv6 : undefined;
    case 'PRIVATE_IPV6': return network.enable_ipv6 ? network.private_ipv6 : undefined;
    case 'SBC_DOMAIN': return network.sbc_domain;
  }
}

/**
 * The phone listeners' base URL for a host (`url_host` form): HTTPS when asked for and an HTTPS
 * listener exists (its public port), else HTTP. Provisioning folders and QR token URLs hang off it.
 * @example phoneBaseUrl('[2001:db8::1]', { httpPort: 8080, httpsPort: 8443 }, true).base // 'https://[2001:db8::1]:8443'
 */
export function phoneBaseUrl(urlHost: string, ports: { readonly httpPort: number; readonly httpsPort?: number }, https: boolean): { readonly base: string; readonly secure: boolean } {
  const secure = https && ports.httpsPort !== undefined;
  return { base: secure ? `https://${urlHost}:${ports.httpsPort}` : `http://${urlHost}:${ports.httpPort}`, secure };
}

/**
 * Resolves the server settings. When the chosen interface has no address, the first configured
 * one in FALLBACK order is used and a warning added; with none at all, host is `127.0.0.1`
 * (and a warning) so that an unconfigured server still renders.
 */
export function resolveServer(
  network: Network,
  iface: Interface,
  transport: Transport,
  ports: { readonly httpPort: number; readonly httpsPort?: number },
  token: string | null,
  https: boolean,
  warnings: string[]
): ServerSettings {
  let used = iface;
  let host = addressOf(network, iface);
  if (host === undefined) {
    used = FALLBACK.find((i) => addressOf(network, i) !== undefined) ?? iface;
    host = addressOf(network, used);
    warnings.push(`network has no address for ${iface}; using ${host === undefined ? '127.0.0.1' : used}`);
  }
  host ??= '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const port = transport === 'UDP' ? network.udp_port : transport === 'TCP' ? network.tcp_port : network.tls_port;
  const { base, secure } = phoneBaseUrl(urlHost, ports, https);
  const path = token === null ? null : `/provision/${token}`;
  return {
    host,
    url_host: urlHost,
    interface: used,
    sip_domain: network.sip_domain ?? host,
    transport,
    port,
    udp_port: network.udp_port,
    tcp_port: network.tcp_port,
    tls_port: network.tls_port,
    provisioning_url: path === null ? null : `${base}${path}/`,
    provisioning_base: path === null ? null : `${base}${path}`,
    provisioning_scheme: path === null ? null : secure ? 'https' : 'http',
    provisioning_port: path === null ? null : secure ? ports.httpsPort! : ports.httpPort,
    provisioning_path: path,
    dns1: network.primary_dns_server ?? null,
    dns2: network.secondary_dns_server ?? null,
    pickup_code: network.call_pickup_code ?? null,
  };
}
