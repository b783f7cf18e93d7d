/** @module MAC addresses: the one parser (parseMac) and the vendor spellings (formatMac). */

/** 12 lowercase hex digits, no separators: the only form stored or compared. */
export type Mac = string & { readonly __brand: 'Mac' };

const SEPARATED = /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/;
const CISCO_DOTTED = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/;
const BARE = /^[0-9a-f]{12}$/;

/**
 * Parses any common spelling of a unicast MAC address; returns undefined for anything else.
 * Group (multicast/broadcast) addresses and all-zero are not phone addresses and are refused.
 * @example parseMac('00:15:65:AA:BB:CC') // => '001565aabbcc'
 * @example parseMac('0015.65aa.bbcc')    // => '001565aabbcc'
 */
export function parseMac(input: string): Mac | undefined {
  // Bound the raw input, then the trimmed one: surrounding whitespace is allowed, long strings are not.
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const s = input.trim().toLowerCase();
  if (s.length > 17) return undefined;
  let hex: string | undefined;
  if (BARE.test(s)) hex = s;
  else {
    const sep = SEPARATED.exec(s);
    if (sep) hex = [sep[1], sep[3], sep[4], sep[5], sep[6], sep[7]].join('');
    const dot = CISCO_DOTTED.exec(s);
    if (dot) hex = dot[1]! + dot[2]! + dot[3]!;
  }
  if (hex === undefined || hex === '000000000000') return undefined;
  // Bit 0 of the first octet marks a group address (ff:ff:... included).
  if (parseInt(hex.slice(0, 2), 16) & 1) return undefined;
  return hex as Mac;
}

/** True when `s` is already canonical (what store writes require). */
export function isCanonicalMac(s: string): s is Mac {
  return BARE.test(s) && parseMac(s) === s;
}

export interface MacFormat {
  /** Separator between octets; '' (default) for none. */
  readonly separator?: '' | ':' | '-';
  readonly upper?: boolean;
}

/**
 * Spells a MAC the way a vendor wants it.
 * @example formatMac(mac, { separator: ':', upper: true }) // => '00:15:65:AA:BB:CC'
 */
export function formatMac(mac: Mac, format: MacFormat = {}): string {
  const sep = format.separator ?? '';
  const s = sep ? (mac.match(/../g) as string[]).join(sep) : mac;
  return format.upper ? s.toUpperCase() : s;
}

/** The first three octets (organisationally unique identifier), as 6 lowercase hex digits. */
export function ouiOf(mac: Mac): string {
  return mac.slice(0, 6);
}
