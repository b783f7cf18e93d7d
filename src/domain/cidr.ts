/**
 * @module CIDR lists (`10.0.0.0/8, 192.168.1.0/24, fd00::/8`): parsed once, matched with
 * node:net's BlockList. IPv4-mapped IPv6 sources (`::ffff:10.1.2.3`) match IPv4 ranges.
 */
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/**
 * Parses a comma- or space-separated list; a bare address is a /32 (or /128).
 * @throws Error naming the first entry that is not a valid CIDR.
 */
export function parseCidrList(text: string): Cidr[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const [address = '', bits] = entry.split('/');
      const version = isIP(address);
      const max = version === 4 ? 32 : 128;
      const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
      if (version === 0 || !(prefix >= 0 && prefix <= max)) throw new Error(`${JSON.stringify(entry)} is not an address or CIDR range`);
      return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' } as const;
    });
}

/** A predicate telling whether an address lies in any of the ranges (false for an empty list). */
export function createAddressMatcher(cidrs: readonly Cidr[]): (address: string) => boolean {
  if (cidrs.length === 0) return () => false;
  const list = new BlockList();
  for (const c of cidrs) list.addSubnet(c.address, c.prefix, c.family);
  return (address) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const candidate = mapped ?? address;
    const version = isIP(candidate);
    return version !== 0 && list.check(candidate, version === 4 ? 'ipv4' : 'ipv6');
  };
}
