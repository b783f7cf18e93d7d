/**
 * @module Subject alternative names: normalising the caller's names, parsing a certificate's
 * `subjectAltName` (node:crypto's text form) and deciding whether a certificate covers a list.
 * Comparison is exact (a `*.example.com` certificate does not "cover" `a.example.com` here), so a
 * changed name always leads to a certificate that lists it.
 */
import { isIP, SocketAddress } from 'node:net';
import type { SanList } from './types.js';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DNS_NAME = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*$`);

/** Names split into DNS names and IPs, plus the entries that are neither (for a warning). */
export interface NormalisedNames extends SanList {
  readonly invalid: readonly string[];
}

/**
 * Classifies and normalises names: IPs (v4, v6, `[v6]`, `v6%zone`) to canonical text, DNS names
 * to lower case without a trailing dot; duplicates, empty and null entries dropped, order kept.
 */
export function normaliseNames(names: readonly (string | null | undefined)[]): NormalisedNames {
  const dns: string[] = [];
  const ips: string[] = [];
  const invalid: string[] = [];
  for (const raw of names) {
    const name = raw?.trim();
    if (!name) continue;
    const ip = canonicalIp(name);
    if (ip !== null) {
      if (!ips.includes(ip)) ips.push(ip);
      continue;
    }
    const host = name.toLowerCase().replace(/\.$/, '');
    // An all-numeric last label is a mistyped IP (`10.0.0.256`), never a host name (RFC 3696 2).
    if (host.length <= 253 && DNS_NAME.test(host) && !/(^|\.)[0-9]+$/.test(host)) {
      if (!dns.includes(host)) dns.push(host);
    } else invalid.push(name);
  }
  return { dns, ips, invalid };
}

/** Canonical text of an IP address, or null when `text` is not one. */
export function canonicalIp(text: string): string | null {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return null;
  return new SocketAddress({ address: bare, family: family === 6 ? 'ipv6' : 'ipv4' }).address;
}

/**
 * Parses `X509Certificate.subjectAltName` (`DNS:a, IP Address:1.2.3.4, ...`; values with special
 * characters arrive JSON-quoted). Entry kinds other than DNS and IP are ignored.
 */
export function parseSans(subjectAltName: string | undefined): SanList {
  const dns: string[] = [];
  const ips: string[] = [];
  const entry = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (const m of (subjectAltName ?? '').matchAll(entry)) {
    const value = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
    if (m[1] === 'DNS') dns.push(value.toLowerCase());
    else if (m[1] === 'IP Address') ips.push(canonicalIp(value) ?? value);
  }
  return { dns, ips };
}

/** True when every wanted name and IP is listed in `have`. */
export function covers(have: SanList, want: SanList): boolean {
  return want.dns.every((d) => have.dns.includes(d)) && want.ips.every((ip) => have.ips.includes(ip));
}
