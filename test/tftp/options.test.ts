import { describe, expect, it } from 'vitest';
import { negotiate, type NegotiationLimits } from '../../src/tftp/options.js';

const limits: NegotiationLimits = { maxBlksize: 65464, maxWindowsize: 64, defaultTimeoutMs: 1000, maxTimeoutSeconds: 255 };
const neg = (options: Array<[string, string]>, size = 4000, l: Partial<NegotiationLimits> = {}) => negotiate(options, size, { ...limits, ...l });

describe('negotiate (RFC 2347)', () => {
  it('no options: RFC 1350 defaults and no OACK', () => {
    expect(neg([])).toEqual({ blksize: 512, windowsize: 1, timeoutMs: 1000, oack: [] });
  });

  it('answers every accepted option in the order requested', () => {
    const r = neg([['windowsize', '4'], ['tsize', '0'], ['timeout', '2'], ['blksize', '1468']]);
    expect(r.oack).toEqual([['windowsize', '4'], ['tsize', '4000'], ['timeout', '2'], ['blksize', '1468']]);
    expect(r).toMatchObject({ blksize: 1468, windowsize: 4, timeoutMs: 2000 });
  });

  it('leaves unknown options out, and answers no OACK when nothing is accepted', () => {
    expect(neg([['multicast', ''], ['utimeout', '500'], ['rollover', '0']])).toEqual({ blksize: 512, windowsize: 1, timeoutMs: 1000, oack: [] });
    expect(neg([['multicast', ''], ['tsize', '0']]).oack).toEqual([['tsize', '4000']]);
  });

  it('treats option names case-insensitively and answers them lower-cased', () => {
    expect(neg([['BLKSIZE', '1024'], ['TSize', '0']]).oack).toEqual([['blksize', '1024'], ['tsize', '4000']]);
  });
});

describe('blksize (RFC 2348)', () => {
  it.each([
    ['8', '8'],
    ['512', '512'],
    ['1428', '1428'],
    ['1468', '1468'],
    ['65464', '65464'],
    ['65535', '65464'],
    ['99999', '65464'],
  ])('%s -> %s', (asked, answered) => {
    const r = neg([['blksize', asked]]);
    expect(r.oack).toEqual([['blksize', answered]]);
    expect(r.blksize).toBe(Number(answered));
  });

  it.each(['0', '7', '', '-512', '1e3', ' 512', '0x200', '12345678901'])('ignores %j (no OACK entry, 512-byte blocks)', (asked) => {
    expect(neg([['blksize', asked]])).toMatchObject({ blksize: 512, oack: [] });
  });

  it('clamps to the configured maximum', () => {
    expect(neg([['blksize', '65464']], 10, { maxBlksize: 1468 })).toMatchObject({ blksize: 1468, oack: [['blksize', '1468']] });
  });
});

describe('tsize and timeout (RFC 2349)', () => {
  it('answers the real size for tsize 0 (after any netascii conversion: the caller passes that size)', () => {
    expect(neg([['tsize', '0']], 1).oack).toEqual([['tsize', '1']]);
    expect(neg([['tsize', '0']], 33_600_000).oack).toEqual([['tsize', '33600000']]);
  });

  it('leaves tsize out for an empty file (curl refuses "tsize 0" in an OACK)', () => {
    expect(neg([['tsize', '0'], ['blksize', '512']], 0).oack).toEqual([['blksize', '512']]);
  });

  it('ignores a non-zero tsize in a read request', () => {
    expect(neg([['tsize', '123']]).oack).toEqual([]);
  });

  it.each(['1', '3', '6', '255'])('echoes timeout %s and uses it', (t) => {
    expect(neg([['timeout', t]])).toMatchObject({ timeoutMs: Number(t) * 1000, oack: [['timeout', t]] });
  });

  it.each(['0', '256', '1000', '1.5', 'x'])('ignores timeout %j (not echoed, default kept)', (t) => {
    expect(neg([['timeout', t]])).toMatchObject({ timeoutMs: 1000, oack: [] });
  });

  it('leaves a timeout above the configured cap out of the OACK and keeps the default (never echoes a changed value)', () => {
    expect(neg([['timeout', '255'], ['tsize', '0']], 4000, { maxTimeoutSeconds: 10 })).toEqual({ blksize: 512, windowsize: 1, timeoutMs: 1000, oack: [['tsize', '4000']] });
    expect(neg([['timeout', '11']], 4000, { maxTimeoutSeconds: 10 })).toMatchObject({ timeoutMs: 1000, oack: [] });
    expect(neg([['timeout', '10']], 4000, { maxTimeoutSeconds: 10 })).toMatchObject({ timeoutMs: 10_000, oack: [['timeout', '10']] });
  });
});

describe('windowsize (RFC 7440)', () => {
  it.each([
    ['1', '1'],
    ['4', '4'],
    ['64', '64'],
    ['65', '64'],
    ['65535', '64'],
  ])('%s -> %s (max 64)', (asked, answered) => {
    expect(neg([['windowsize', asked]])).toMatchObject({ windowsize: Number(answered), oack: [['windowsize', answered]] });
  });

  it.each(['0', '65536', '-1', ''])('ignores %j', (asked) => {
    expect(neg([['windowsize', asked]])).toMatchObject({ windowsize: 1, oack: [] });
  });

  it('honours a larger configured maximum up to 65535', () => {
    expect(neg([['windowsize', '65535']], 1, { maxWindowsize: 100_000 }).windowsize).toBe(65535);
  });
});
