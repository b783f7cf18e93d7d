/**
 * @module TFTP packet parsing and building (RFC 1350 §5, RFC 2347 §2-3). Pure functions over
 * Buffers: parsing never throws, it answers a tagged result; `invalid` carries the reason the
 * server puts in its ERROR 4.
 */

/** Opcodes, RFC 1350 §5 and RFC 2347 (OACK). */
export const Opcode = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

/** Error codes, RFC 1350 appendix and RFC 2347 (8: option negotiation refused). */
export const ErrorCode = {
  NOT_DEFINED: 0,
  FILE_NOT_FOUND: 1,
  ACCESS_VIOLATION: 2,
  DISK_FULL: 3,
  ILLEGAL_OPERATION: 4,
  UNKNOWN_TID: 5,
  FILE_EXISTS: 6,
  NO_SUCH_USER: 7,
  OPTION_REFUSED: 8,
} as const;

/** RFC 2347 §2: "the request packet must not exceed 512 octets" (RFC 1350 limits it too). */
export const MAX_REQUEST_BYTES = 512;

/** An RRQ or WRQ. Strings are decoded as latin1 so every byte maps to one char (checked later). */
export interface RequestPacket {
  readonly op: 'rrq' | 'wrq';
  readonly filename: string;
  readonly mode: string;
  /** Options in the order sent; names lower-cased, the first of duplicate names kept. */
  readonly options: ReadonlyArray<readonly [string, string]>;
}

export type Packet =
  | RequestPacket
  | { readonly op: 'data'; readonly block: number; readonly data: Buffer }
  | { readonly op: 'ack'; readonly block: number }
  | { readonly op: 'error'; readonly code: number; readonly message: string }
  | { readonly op: 'oack'; readonly options: ReadonlyArray<readonly [string, string]> }
  | { readonly op: 'invalid'; readonly reason: string };

/** Reads NUL-terminated strings from `start`; undefined when one is not terminated. */
function readStrings(buf: Buffer, start: number): string[] | undefined {
  const out: string[] = [];
  let pos = start;
  while (pos < buf.length) {
    const end = buf.indexOf(0, pos);
    if (end === -1) return undefined;
    out.push(buf.toString('latin1', pos, end));
    pos = end + 1;
  }
  return out;
}

function pairs(strings: readonly string[]): Array<readonly [string, string]> | undefined {
  if (strings.length % 2 !== 0) return undefined;
  const out: Array<readonly [string, string]> = [];
  const seen = new Set<string>();
  for (let i = 0; i < strings.length; i += 2) {
    const name = strings[i]!.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    out.push([name, strings[i + 1]!]);
  }
  return out;
}

/**
 * Parses any TFTP packet. Contracts: requests over 512 bytes, missing NUL terminators, an odd
 * number of option strings (trailing NUL padding is tolerated) and unknown opcodes are `invalid`.
 */
export function parsePacket(buf: Buffer): Packet {
  if (buf.length < 2) return { op: 'invalid', reason: 'packet too short' };
  const opcode = buf.readUInt16BE(0);
  switch (opcode) {
    case Opcode.RRQ:
    case Opcode.WRQ: {
      if (buf.length > MAX_REQUEST_BYTES) return { op: 'invalid', reason: 'request longer than 512 bytes' };
      // Some clients pad requests with NULs: drop trailing empty strings beyond the mode.
      let end = buf.length;
      while (end > 2 && buf[end - 1] === 0 && buf[end - 2] === 0) end--;
      const strings = readStrings(buf.subarray(0, end), 2);
      if (!strings || strings.length < 2) return { op: 'invalid', reason: 'malformed request' };
      const options = pairs(strings.slice(2));
      if (!options) return { op: 'invalid', reason: 'malformed options' };
      return { op: opcode === Opcode.RRQ ? 'rrq' : 'wrq', filename: strings[0]!, mode: strings[1]!, options };
    }
    case Opcode.DATA:
      if (buf.length < 4) return { op: 'invalid', reason: 'truncated DATA' };
      return { op: 'data', block: buf.readUInt16BE(2), data: buf.subarray(4) };
    case Opcode.ACK:
      if (buf.length < 4) return { op: 'invalid', reason: 'truncated ACK' };
      return { op: 'ack', block: buf.readUInt16BE(2) };
    case Opcode.ERROR: {
      if (buf.length < 4) return { op: 'invalid', reason: 'truncated ERROR' };
      const nul = buf.indexOf(0, 4);
      return { op: 'error', code: buf.readUInt16BE(2), message: buf.toString('latin1', 4, nul === -1 ? buf.length : nul) };
    }
    case Opcode.OACK: {
      const strings = readStrings(buf, 2);
      const options = strings && pairs(strings);
      if (!options) return { op: 'invalid', reason: 'malformed OACK' };
      return { op: 'oack', options };
    }
    default:
      return { op: 'invalid', reason: 'unknown opcode' };
  }
}

/** Reads the block number of an ACK without allocating; -1 when `buf` is not an ACK. */
export function ackBlock(buf: Buffer): number {
  return buf.length >= 4 && buf[0] === 0 && buf[1] === Opcode.ACK ? buf.readUInt16BE(2) : -1;
}

/** ERROR packet (RFC 1350 §5): opcode 5, code, message, NUL. Message is ASCII, at most 200 bytes. */
export function buildError(code: number, message: string): Buffer {
  const text = message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
  const buf = Buffer.alloc(5 + text.length);
  buf.writeUInt16BE(Opcode.ERROR, 0);
  buf.writeUInt16BE(code & 0xffff, 2);
  buf.write(text, 4, 'latin1');
  return buf;
}

/** OACK packet (RFC 2347 §3): opcode 6, then name NUL value NUL for each accepted option. */
export function buildOack(options: ReadonlyArray<readonly [string, string]>): Buffer {
  return buildStrings(Opcode.OACK, options.flat());
}

/** ACK packet (used by test clients; the server only sends DATA, OACK and ERROR). */
export function buildAck(block: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt16BE(Opcode.ACK, 0);
  buf.writeUInt16BE(block & 0xffff, 2);
  return buf;
}

/** RRQ/WRQ packet (used by test clients). `options` are appended in order. */
export function buildRequest(op: 'rrq' | 'wrq', filename: string, mode: string, options: ReadonlyArray<readonly [string, string]> = []): Buffer {
  return buildStrings(op === 'rrq' ? Opcode.RRQ : Opcode.WRQ, [filename, mode, ...options.flat()]);
}

/** Every DATA header (opcode 3 + 16-bit block), written once: 65,536 x 4 bytes. */
const DATA_HEADERS = Buffer.alloc(65536 * 4);
for (let b = 0; b < 65536; b++) {
  DATA_HEADERS[b * 4 + 1] = Opcode.DATA;
  DATA_HEADERS.writeUInt16BE(b, b * 4 + 2);
}
const headerViews: Array<Buffer | undefined> = [];

/**
 * The 4-byte DATA header for `block` (wrapped to 16 bits). Shared and immutable: a send that the
 * socket queues keeps pointing at the right bytes however late it goes out, and nothing is
 * allocated per packet once a block number has been used.
 */
export function dataHeader(block: number): Buffer {
  const n = block & 0xffff;
  return (headerViews[n] ??= DATA_HEADERS.subarray(n * 4, n * 4 + 4));
}

function buildStrings(opcode: number, strings: readonly string[]): Buffer {
  let size = 2;
  for (const s of strings) size += Buffer.byteLength(s, 'latin1') + 1;
  const buf = Buffer.alloc(size);
  buf.writeUInt16BE(opcode, 0);
  let pos = 2;
  for (const s of strings) {
    pos += buf.write(s, pos, 'latin1');
    buf[pos++] = 0;
  }
  return buf;
}
