/** The NOTIFY builder and the answer parser, without a network. */
import { describe, expect, it } from 'vitest';
import { newNotifyIds } from '../../src/resync/notify-sender.js';
import { buildNotify, parseSipResponse, type NotifyRequest } from '../../src/resync/sip-message.js';

const request: NotifyRequest = {
  target: { host: '192.0.2.10', port: 5060 },
  local: { host: '192.0.2.1', port: 40000 },
  user: '2001',
  event: 'check-sync;reboot=false',
  branch: 'z9hG4bKabc123',
  callId: 'c0ffee@provd',
  fromTag: 'f00d',
  cseq: 1,
};

/** Header name (lower case) => values, from a message's head. */
function headersOf(message: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of message.split('\r\n').slice(1)) {
    if (!line) break;
    const [name, ...rest] = line.split(':');
    map.set(name!.toLowerCase(), [...(map.get(name!.toLowerCase()) ?? []), rest.join(':').trim()]);
  }
  return map;
}

describe('buildNotify', () => {
  it('writes the request line to the extension at the phone address and port', () => {
    expect(buildNotify(request).split('\r\n')[0]).toBe('NOTIFY sip:2001@192.0.2.10:5060 SIP/2.0');
  });

  it('carries every header RFC 3261 requires of a request, plus Event and Subscription-State', () => {
    const h = headersOf(buildNotify(request));

    expect(h.get('via')).toEqual(['SIP/2.0/UDP 192.0.2.1:40000;branch=z9hG4bKabc123;rport']);
    expect(h.get('max-forwards')).toEqual(['70']);
    expect(h.get('from')).toEqual(['"provd" <sip:provd@192.0.2.1:40000>;tag=f00d']);
    expect(h.get('to')).toEqual(['<sip:2001@192.0.2.10:5060>']);
    expect(h.get('call-id')).toEqual(['c0ffee@provd']);
    expect(h.get('cseq')).toEqual(['1 NOTIFY']);
    expect(h.get('contact')).toEqual(['<sip:provd@192.0.2.1:40000>']);
    expect(h.get('event')).toEqual(['check-sync;reboot=false']);
    expect(h.get('subscription-state')).toEqual(['terminated']);
    expect(h.get('content-length')).toEqual(['0']);
  });

  it('ends the head with an empty line, CRLF only, and has no body', () => {
    const text = buildNotify(request);

    expect(text.endsWith('\r\n\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.indexOf('\r\n\r\n')).toBe(text.length - 4);
  });

  it('puts an IPv6 address in brackets', () => {
    const text = buildNotify({ ...request, target: { host: '2001:db8::5', port: 5062 }, local: { host: '2001:db8::1', port: 40000 } });

    expect(text).toMatch(/^NOTIFY sip:2001@\[2001:db8::5\]:5062 SIP\/2\.0\r\n/);
    expect(headersOf(text).get('via')![0]).toMatch(/^SIP\/2\.0\/UDP \[2001:db8::1\]:40000;/);
  });

  it('percent-encodes a user part with characters outside the SIP user set', () => {
    expect(buildNotify({ ...request, user: '20 01@x' }).split('\r\n')[0]).toBe('NOTIFY sip:20%2001%40x@192.0.2.10:5060 SIP/2.0');
  });

  it('refuses a branch without the RFC 3261 magic cookie', () => {
    expect(() => buildNotify({ ...request, branch: 'abc' })).toThrow(/z9hG4bK/);
  });
});

describe('newNotifyIds', () => {
  it('makes a branch with the magic cookie and ids that differ every time', () => {
    const a = newNotifyIds();
    const b = newNotifyIds();

    expect(a.branch).toMatch(/^z9hG4bK[0-9a-f]{20}$/);
    expect(new Set([a.branch, b.branch]).size).toBe(2);
    expect(new Set([a.callId, b.callId]).size).toBe(2);
    expect(new Set([a.fromTag, b.fromTag]).size).toBe(2);
  });
});

describe('parseSipResponse', () => {
  const answer = (status: string, extra = '') =>
    `SIP/2.0 ${status}\r\nVia: SIP/2.0/UDP 192.0.2.1:40000;branch=z9hG4bKabc123;rport=40000;received=192.0.2.1\r\nCall-ID: c0ffee@provd\r\nCSeq: 1 NOTIFY\r\n${extra}Content-Length: 0\r\n\r\n`;

  it('reads status, reason, top Via branch, CSeq method and Call-ID', () => {
    expect(parseSipResponse(answer('200 OK'))).toEqual({ status: 200, reason: 'OK', branch: 'z9hG4bKabc123', cseqMethod: 'NOTIFY', callId: 'c0ffee@provd', challenge: undefined });
  });

  it('reads the challenge of a 401 or 407', () => {
    expect(parseSipResponse(answer('401 Unauthorized', 'WWW-Authenticate: Digest realm="x", nonce="n"\r\n'))?.challenge).toBe('Digest realm="x", nonce="n"');
    expect(parseSipResponse(answer('407 Proxy Authentication Required', 'Proxy-Authenticate: Digest realm="y"\r\n'))?.challenge).toBe('Digest realm="y"');
  });

  it('understands compact header names and LF-only line ends', () => {
    const parsed = parseSipResponse('SIP/2.0 481 Call Does Not Exist\nv: SIP/2.0/UDP 192.0.2.1:40000;branch=z9hG4bKzz\ni: id1\nCSeq: 1 notify\n\n');

    expect(parsed).toMatchObject({ status: 481, branch: 'z9hG4bKzz', callId: 'id1', cseqMethod: 'NOTIFY' });
  });

  it('answers undefined for a request or garbage', () => {
    expect(parseSipResponse('NOTIFY sip:a@b SIP/2.0\r\n\r\n')).toBeUndefined();
    expect(parseSipResponse(Buffer.from([0, 1, 2, 3]))).toBeUndefined();
    expect(parseSipResponse('SIP/2.0 99 Too Low\r\n\r\n')).toBeUndefined();
  });
});
