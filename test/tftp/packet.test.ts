import { describe, expect, it } from 'vitest';
import {
  ackBlock, buildAck, buildError, buildOack, buildRequest, dataHeader, parsePacket, MAX_REQUEST_BYTES,
} from '../../src/tftp/packet.js';

const raw = (...parts: Array<number[] | string>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('parsePacket: requests (RFC 1350 §5, RFC 2347 §2)', () => {
  it('parses an RRQ with mode and options, names lower-cased, values kept', () => {
    const p = parsePacket(raw([0, 1], 'SEP001565AABBCC.cnf.xml\0OcTeT\0BLKSIZE\x001468\0tsize\x000\0'));
    expect(p).toEqual({ op: 'rrq', filename: 'SEP001565AABBCC.cnf.xml', mode: 'OcTeT', options: [['blksize', '1468'], ['tsize', '0']] });
  });

  it('parses a WRQ', () => {
    expect(parsePacket(buildRequest('wrq', 'x', 'octet'))).toMatchObject({ op: 'wrq', filename: 'x', mode: 'octet', options: [] });
  });

  it('keeps the first of duplicate option names', () => {
    const p = parsePacket(buildRequest('rrq', 'f', 'octet', [['blksize', '1024'], ['BlkSize', '8']]));
    expect(p).toMatchObject({ options: [['blksize', '1024']] });
  });

  it('tolerates trailing NUL padding after the mode', () => {
    expect(parsePacket(raw([0, 1], 'f\0octet\0\0\0\0'))).toMatchObject({ op: 'rrq', filename: 'f', mode: 'octet', options: [] });
  });

  it('decodes names byte for byte (latin1) so later checks see every byte', () => {
    expect(parsePacket(raw([0, 1], 'caf', [0xe9], '\0octet\0'))).toMatchObject({ filename: 'caf\u00e9' });
  });

  it.each([
    ['no filename terminator', raw([0, 1], 'file')],
    ['no mode', raw([0, 1], 'file\0')],
    ['no mode terminator', raw([0, 1], 'file\0octet')],
    ['odd option count', raw([0, 1], 'file\0octet\0blksize\0')],
    ['option value without terminator', raw([0, 1], 'file\0octet\0blksize\x001468')],
    ['opcode only', raw([0, 1])],
  ])('refuses a malformed request: %s', (_name, buf) => {
    expect(parsePacket(buf).op).toBe('invalid');
  });

  it('refuses a request longer than 512 bytes (RFC 2347 §2) and accepts exactly 512', () => {
    const at = (n: number) => raw([0, 1], 'f\0octet\0x\0', 'y'.repeat(n - 13), '\0');
    expect(at(MAX_REQUEST_BYTES).length).toBe(512);
    expect(parsePacket(at(MAX_REQUEST_BYTES)).op).toBe('rrq');
    expect(parsePacket(at(MAX_REQUEST_BYTES + 1))).toEqual({ op: 'invalid', reason: 'request longer than 512 bytes' });
  });
});

describe('parsePacket: other packets', () => {
  it('parses DATA, ACK, ERROR and OACK', () => {
    expect(parsePacket(raw([0, 3, 0xff, 0xff], 'abc'))).toMatchObject({ op: 'data', block: 65535 });
    expect(parsePacket(buildAck(70_000))).toEqual({ op: 'ack', block: 70_000 - 65_536 });
    expect(parsePacket(buildError(8, 'refused'))).toEqual({ op: 'error', code: 8, message: 'refused' });
    expect(parsePacket(raw([0, 5, 0, 1], 'no terminator'))).toEqual({ op: 'error', code: 1, message: 'no terminator' });
    expect(parsePacket(buildOack([['blksize', '1468'], ['tsize', '42']]))).toEqual({ op: 'oack', options: [['blksize', '1468'], ['tsize', '42']] });
  });

  it.each([
    ['empty', raw()],
    ['one byte', raw([0])],
    ['opcode 0', raw([0, 0, 1, 2])],
    ['opcode 7', raw([0, 7, 0, 1])],
    ['opcode 0x0103', raw([1, 3, 0, 1])],
    ['truncated ACK', raw([0, 4, 0])],
    ['truncated DATA', raw([0, 3, 1])],
    ['truncated ERROR', raw([0, 5, 0])],
    ['OACK without terminator', raw([0, 6], 'blksize\x00512')],
  ])('marks %s invalid', (_name, buf) => {
    expect(parsePacket(buf).op).toBe('invalid');
  });

  it('never throws on random bytes', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
    for (let i = 0; i < 20_000; i++) {
      const buf = Buffer.from(Array.from({ length: rnd() % 80 }, rnd));
      if (buf.length > 1 && i % 2 === 0) buf[0] = 0; // bias towards valid opcodes
      if (buf.length > 1 && i % 4 === 0) buf[1] = 1 + (rnd() % 6);
      expect(() => parsePacket(buf)).not.toThrow();
      expect(() => ackBlock(buf)).not.toThrow();
    }
  });
});

describe('builders', () => {
  it('builds the exact ERROR bytes, sanitising and capping the message', () => {
    expect(buildError(2, 'Access violation')).toEqual(raw([0, 5, 0, 2], 'Access violation\0'));
    expect(buildError(0, 'caf\u00e9\n')).toEqual(raw([0, 5, 0, 0], 'caf??\0'));
    expect(buildError(0, 'x'.repeat(1000)).length).toBe(4 + 200 + 1);
  });

  it('builds the exact OACK and RRQ bytes', () => {
    expect(buildOack([['blksize', '1468'], ['tsize', '4000']])).toEqual(raw([0, 6], 'blksize\x001468\0tsize\x004000\0'));
    expect(buildRequest('rrq', 'a.cfg', 'octet', [['tsize', '0']])).toEqual(raw([0, 1], 'a.cfg\0octet\0tsize\x000\0'));
  });

  it('gives DATA headers with 16-bit block numbers (rollover 65535 -> 0), shared per number', () => {
    expect(dataHeader(1)).toEqual(raw([0, 3, 0, 1]));
    expect(dataHeader(65535)).toEqual(raw([0, 3, 0xff, 0xff]));
    expect(dataHeader(65536)).toEqual(raw([0, 3, 0, 0]));
    expect(dataHeader(65537)).toBe(dataHeader(1));
  });

  it('reads ACK block numbers without parsing, -1 otherwise', () => {
    expect(ackBlock(buildAck(513))).toBe(513);
    expect(ackBlock(raw([0, 4, 0xff, 0xff, 9]))).toBe(65535);
    expect(ackBlock(raw([0, 3, 0, 1]))).toBe(-1);
    expect(ackBlock(raw([0, 4, 0]))).toBe(-1);
    expect(ackBlock(raw([1, 4, 0, 1]))).toBe(-1);
  });
});
