/**
 * @module TFTP option negotiation for read requests (RFC 2347 with blksize RFC 2348, tsize and
 * timeout RFC 2349, windowsize RFC 7440). Pure: requested options + file size + server limits in,
 * transfer parameters and the OACK contents out.
 *
 * Contract: the OACK lists only options the client asked for and the server accepts, in the
 * client's order (RFC 2347 §3: the server may omit any option). Unknown options and values out of
 * range are left out, never refused for the whole request. An empty list means "no OACK": the
 * transfer starts with DATA 1 as in RFC 1350.
 */

/** RFC 1350 block size, used when `blksize` is not negotiated. */
export const DEFAULT_BLKSIZE = 512;
/** RFC 2348 §2: valid blksize range. */
export const MIN_BLKSIZE = 8;
export const MAX_BLKSIZE = 65464;
/** RFC 7440 §3: valid windowsize range. */
export const MAX_WINDOWSIZE = 65535;

export interface NegotiationLimits {
  /** Largest blksize we answer (a larger request is clamped to it, RFC 2348 §2). */
  readonly maxBlksize: number;
  /** Largest windowsize we answer (clamped, RFC 7440 §3). */
  readonly maxWindowsize: number;
  /** Retransmission timeout when the client does not send `timeout`. */
  readonly defaultTimeoutMs: number;
  /**
   * Largest `timeout` option accepted, seconds. A larger one is left out of the OACK (RFC 2349
   * lets the server only echo the value or omit it) and the default timeout applies.
   */
  readonly maxTimeoutSeconds: number;
}

export interface Negotiated {
  readonly blksize: number;
  readonly windowsize: number;
  readonly timeoutMs: number;
  /** Accepted options with the values we answer, in request order; empty = no OACK. */
  readonly oack: ReadonlyArray<readonly [string, string]>;
}

/** A decimal integer option value; NaN for anything else (signs, spaces, fractions, overflow). */
function intValue(value: string): number {
  return /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * Negotiates the options of an RRQ. `fileSize` is the size as sent (after netascii conversion),
 * which is what RFC 2349 `tsize` reports.
 */
export function negotiate(
  requested: ReadonlyArray<readonly [string, string]>,
  fileSize: number,
  limits: NegotiationLimits
): Negotiated {
  let blksize = DEFAULT_BLKSIZE;
  let windowsize = 1;
  let timeoutMs = limits.defaultTimeoutMs;
  const oack: Array<readonly [string, string]> = [];
  const maxBlksize = Math.max(MIN_BLKSIZE, Math.min(MAX_BLKSIZE, Math.floor(limits.maxBlksize)));
  const maxWindowsize = Math.max(1, Math.min(MAX_WINDOWSIZE, Math.floor(limits.maxWindowsize)));

  for (const [rawName, value] of requested) {
    const name = rawName.toLowerCase();
    const n = intValue(value);
    switch (name) {
      case 'blksize': // RFC 2348: 8..65464; the server may answer a smaller value.
        if (n >= MIN_BLKSIZE) {
          blksize = Math.min(n, maxBlksize);
          oack.push([name, String(blksize)]);
        }
        break;
      case 'tsize': // RFC 2349: an RRQ carries 0 and the OACK answers the size; anything else is ignored.
        // An empty file's size is not answered: curl 7.88 aborts on "tsize 0" in an OACK
        // ("invalid tsize"), and the single empty DATA says it anyway.
        if (n === 0 && fileSize > 0) oack.push([name, String(fileSize)]);
        break;
      case 'timeout': // RFC 2349: 1..255 seconds, echoed as is; out of range or over our cap -> not acknowledged.
        if (n >= 1 && n <= 255 && n <= limits.maxTimeoutSeconds) {
          timeoutMs = n * 1000;
          oack.push([name, String(n)]);
        }
        break;
      case 'windowsize': // RFC 7440: 1..65535; the server may answer a smaller value.
        if (n >= 1 && n <= MAX_WINDOWSIZE) {
          windowsize = Math.min(n, maxWindowsize);
          oack.push([name, String(windowsize)]);
        }
        break;
      default:
        break; // Unknown options are omitted from the OACK (RFC 2347 §3).
    }
  }
  return { blksize, windowsize, timeoutMs, oack };
}
