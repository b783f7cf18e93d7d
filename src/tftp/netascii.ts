/**
 * @module netascii encoding for TFTP `netascii` mode (RFC 1350 §1 and appendix: "8 bit ASCII as
 * in the Telnet protocol", RFC 764): every LF becomes CR LF and every bare CR becomes CR NUL, so a
 * receiver that decodes CR LF -> LF and CR NUL -> CR gets the original bytes back.
 */

/** The size of `data` once encoded, without allocating. */
export function netasciiSize(data: Buffer): number {
  let extra = 0;
  let pos = data.indexOf(10);
  while (pos !== -1) {
    extra++;
    pos = data.indexOf(10, pos + 1);
  }
  pos = data.indexOf(13);
  while (pos !== -1) {
    extra++;
    pos = data.indexOf(13, pos + 1);
  }
  return data.length + extra;
}

/**
 * Encodes `data` (local text, LF line ends) to netascii. Every CR in the input becomes CR NUL,
 * including one that precedes an LF (CR LF -> CR NUL CR LF), which is what makes the transform
 * reversible. Returns `data` itself when there is nothing to convert.
 */
export function toNetascii(data: Buffer): Buffer {
  const size = netasciiSize(data);
  if (size === data.length) return data;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c !== 10 && c !== 13) continue;
    o += data.copy(out, o, start, i);
    if (c === 10) {
      out[o++] = 13;
      out[o++] = 10;
    } else {
      out[o++] = 13;
      out[o++] = 0;
    }
    start = i + 1;
  }
  data.copy(out, o, start);
  return out;
}
