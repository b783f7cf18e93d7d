/** @module Escaping for the payload formats the builders write (XML text, SIP quoted strings). */

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe inside an XML element or attribute. Stored fields hold no XML-illegal characters (domain/text.ts). */
export function xmlText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** A SIP quoted-string (RFC 3261 display name): `"` and `\` escaped with `\`. */
export function sipQuoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
