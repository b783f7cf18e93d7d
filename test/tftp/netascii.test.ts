import { describe, expect, it } from 'vitest';
import { netasciiSize, toNetascii } from '../../src/tftp/netascii.js';

/** The receiver's side (what tftp-hpa and atftp do): CR LF -> LF, CR NUL -> CR. */
function fromNetascii(buf: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10) out.push(10), i++;
    else if (buf[i] === 13 && buf[i + 1] === 0) out.push(13), i++;
    else out.push(buf[i]!);
  }
  return Buffer.from(out);
}

describe('netascii (RFC 1350, RFC 764)', () => {
  it.each([
    ['a\nb\n', 'a\r\nb\r\n'],
    ['a\rb', 'a\r\0b'],
    ['a\r\nb', 'a\r\0\r\nb'],
    ['\n\n', '\r\n\r\n'],
    ['\r', '\r\0'],
    ['', ''],
    ['no line ends', 'no line ends'],
  ])('encodes %j as %j', (input, output) => {
    const out = toNetascii(Buffer.from(input, 'latin1'));
    expect(out.toString('latin1')).toBe(output);
    expect(netasciiSize(Buffer.from(input, 'latin1'))).toBe(output.length);
  });

  it('returns the same buffer when there is nothing to convert', () => {
    const b = Buffer.from('plain');
    expect(toNetascii(b)).toBe(b);
  });

  it('round-trips arbitrary bytes through a receiver decode', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
    for (let i = 0; i < 200; i++) {
      const b = Buffer.from(Array.from({ length: rnd() * 4 }, () => [10, 13, 0, 65][rnd() % 4]!));
      const enc = toNetascii(b);
      expect(enc.length).toBe(netasciiSize(b));
      expect(fromNetascii(enc).equals(b)).toBe(true);
    }
  });

  it('never leaves a bare LF or a CR followed by anything but LF or NUL', () => {
    const enc = toNetascii(Buffer.from('x\ny\rz\r\n\n\r\r'));
    for (let i = 0; i < enc.length; i++) {
      if (enc[i] === 10) expect(enc[i - 1]).toBe(13);
      if (enc[i] === 13) expect([10, 0]).toContain(enc[i + 1]);
    }
  });
});
