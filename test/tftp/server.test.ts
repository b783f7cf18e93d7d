/**
 * TFTP server over real UDP on 127.0.0.1 with a raw-packet client: requests and refusals,
 * option negotiation, limits, robustness. Reliability cases live in reliability.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAck, buildError } from '../../src/tftp/packet.js';
import { toNetascii } from '../../src/tftp/netascii.js';
import { startTftp, type Harness, type HarnessOptions } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const start = async (options: HarnessOptions = {}) => (h = await startTftp(options));
const raw = (...parts: Array<number[] | string>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const small = randomBytes(4000);

describe('plain transfers (RFC 1350)', () => {
  it('serves a file with no options: DATA 1 first, from a new TID, 512-byte blocks, byte-identical', async () => {
    const t = await start({ files: { 'a.cfg': small } });
    const peek = await t.client();
    peek.request('a.cfg');
    const first = await peek.expect();
    expect(first.packet).toMatchObject({ op: 'data', block: 1 });
    expect(first.port).not.toBe(t.port);
    expect(first.msg.length).toBe(4 + 512);
    peek.send(buildError(0, 'enough'), first.port);
    await t.idle();
    const r = await (await t.client()).download('a.cfg');
    expect(r.oack).toBeUndefined();
    expect(r.data.equals(small)).toBe(true);
    expect(r.blocks).toBe(8);
    expect(r.dataPackets).toBe(8);
    await t.idle();
    expect(t.metric('provd_tftp_bytes_sent_total')).toBe(4000 + 512);
    expect(t.metric('provd_tftp_transfers_total{result="ok"}')).toBe(1);
  });

  it('strips one leading slash and passes the client address to getFile', async () => {
    const t = await start({ files: { 'y000000000028.cfg': small } });
    const c = await t.client();
    const r = await c.download('/y000000000028.cfg');
    expect(r.data.equals(small)).toBe(true);
    expect(t.calls).toEqual([{ name: 'y000000000028.cfg', remote: { address: '127.0.0.1', port: c.port } }]);
    await t.idle();
    expect(t.metric('provd_tftp_transfers_total{result="ok"}')).toBe(1);
    expect(t.server.stats.started).toBe(1);
  });

  it('serves IPv4 clients of a dual-stack listener (::), giving getFile the plain IPv4 address', async () => {
    const t = await start({ files: { 'a.cfg': small }, host: '::' });
    const c = await t.client();
    expect((await c.download('a.cfg', { options: [['blksize', '1024']] })).data.equals(small)).toBe(true);
    expect(t.calls[0]!.remote).toEqual({ address: '127.0.0.1', port: c.port });
  });

  it('sends an empty file as one empty DATA', async () => {
    const t = await start({ files: { empty: Buffer.alloc(0) } });
    const r = await (await t.client()).download('empty');
    expect(r).toMatchObject({ blocks: 1, dataPackets: 1 });
    expect(r.data.length).toBe(0);
  });

  it('ends a file that is an exact multiple of blksize with an empty DATA', async () => {
    const file = randomBytes(1024);
    const t = await start({ files: { f: file } });
    const sizes: number[] = [];
    const r = await (await t.client()).download('f', { onData: (e) => void sizes.push(e.size) });
    expect(sizes).toEqual([512, 512, 0]);
    expect(r.data.equals(file)).toBe(true);
    const r2 = await (await t.client()).download('f', { options: [['blksize', '256']] });
    expect(r2).toMatchObject({ blocks: 5, dataPackets: 5 });
  });

  it('accepts modes case-insensitively and translates netascii (LF -> CR LF, CR -> CR NUL)', async () => {
    const text = Buffer.from('line one\nline\rtwo\r\nend\n');
    const t = await start({ files: { 't.cfg': text } });
    const c = await t.client();
    expect((await c.download('t.cfg', { mode: 'OCTET' })).data.equals(text)).toBe(true);
    const n = await c.download('t.cfg', { mode: 'NetAscii', options: [['tsize', '0']] });
    expect(n.data.toString('latin1')).toBe('line one\r\nline\r\0two\r\0\r\nend\r\n');
    expect(n.oack).toEqual([['tsize', String(toNetascii(text).length)]]);
  });
});

describe('option negotiation (RFC 2347, 2348, 2349, 7440)', () => {
  const big = randomBytes(20_000);

  it('answers all four options with the exact OACK bytes, then uses them', async () => {
    const t = await start({ files: { big } });
    const c = await t.client();
    c.request('big', 'octet', [['blksize', '1468'], ['tsize', '0'], ['timeout', '2'], ['windowsize', '4']]);
    const oack = await c.expect();
    expect(oack.msg).toEqual(raw([0, 6], 'blksize\x001468\0tsize\x0020000\0timeout\x002\0windowsize\x004\0'));
    c.send(buildError(0, 'bye'), oack.port);
    const sizes: number[] = [];
    const r = await c.download('big', { options: [['blksize', '1468'], ['tsize', '0'], ['timeout', '2'], ['windowsize', '4']], onData: (e) => void sizes.push(e.size) });
    expect(r.data.equals(big)).toBe(true);
    expect(sizes.slice(0, 13)).toEqual(Array(13).fill(1468));
    expect(r.blocks).toBe(14);
  });

  it.each([
    [[['tsize', '0']], [['tsize', '20000']]],
    [[['blksize', '65535']], [['blksize', '65464']]],
    [[['blksize', '7'], ['tsize', '0']], [['tsize', '20000']]],
    [[['timeout', '0'], ['windowsize', '0'], ['tsize', '0']], [['tsize', '20000']]],
    [[['timeout', '256'], ['blksize', '1024']], [['blksize', '1024']]],
    [[['windowsize', '1000']], [['windowsize', '64']]],
    [[['tsize', '5'], ['timeout', '3']], [['timeout', '3']]],
    [[['multicast', ''], ['BLKSIZE', '8192']], [['blksize', '8192']]],
  ])('request %j -> OACK %j, then a complete transfer', async (asked, answered) => {
    const t = await start({ files: { big } });
    const r = await (await t.client()).download('big', { options: asked as Array<[string, string]> });
    expect(r.oack).toEqual(answered);
    expect(r.data.equals(big)).toBe(true);
  });

  it('clamps blksize and windowsize to the configured maxima', async () => {
    const t = await start({ files: { big }, maxBlksize: 1468, maxWindowsize: 8 });
    const r = await (await t.client()).download('big', { options: [['blksize', '65464'], ['windowsize', '16']] });
    expect(r.oack).toEqual([['blksize', '1468'], ['windowsize', '8']]);
    expect(r.data.equals(big)).toBe(true);
  });

  it('answers no OACK when only unknown or unacceptable options were sent: plain transfer from DATA 1', async () => {
    const t = await start({ files: { big } });
    const c = await t.client();
    c.request('big', 'octet', [['multicast', ''], ['rollover', '0'], ['blksize', '4'], ['tsize', '99']]);
    expect((await c.expect()).packet).toMatchObject({ op: 'data', block: 1 });
  });

  it('uses the client timeout option for retransmissions', async () => {
    const t = await start({ files: { big }, timeoutMs: 5000 });
    const c = await t.client();
    const started = Date.now();
    let retransmitAt = 0;
    const r = await c.download('big', {
      options: [['timeout', '1']],
      onData: (e) => {
        if (e.seq === 1 && e.count === 1) return 'drop';
        if (e.seq === 1) retransmitAt = Date.now() - started;
      },
    });
    expect(r.data.equals(big)).toBe(true);
    expect(retransmitAt).toBeGreaterThanOrEqual(900);
    expect(retransmitAt).toBeLessThan(2500);
  });

  it('waits for ACK 0 after an OACK, retransmitting the OACK on timeout', async () => {
    const t = await start({ files: { big } });
    let oacks = 0;
    const r = await (await t.client()).download('big', { options: [['tsize', '0']], onOack: () => (++oacks === 1 ? 'drop' : 'ack') });
    expect(oacks).toBe(2);
    expect(r.data.equals(big)).toBe(true);
    await t.idle();
    expect(t.metric('provd_tftp_retransmits_total')).toBe(1);
  });

  it('ignores an ACK other than 0 in answer to an OACK', async () => {
    const t = await start({ files: { big }, timeoutMs: 1000 });
    const c = await t.client();
    c.request('big', 'octet', [['blksize', '1024']]);
    const oack = await c.expect();
    c.ack(1, oack.port);
    expect(await c.drain(200)).toEqual([]);
    c.ack(0, oack.port);
    expect((await c.expect()).packet).toMatchObject({ op: 'data', block: 1 });
  });

  it('ends quietly when the client refuses the OACK with ERROR 8', async () => {
    const t = await start({ files: { big } });
    const c = await t.client();
    const r = await c.download('big', { options: [['blksize', '1024']], onOack: () => 'refuse' });
    expect(r.data.length).toBe(0);
    await t.idle();
    expect(await c.drain(300)).toEqual([]);
    expect(t.metric('provd_tftp_errors_sent_total{code="0"}')).toBe(0);
    expect(t.metric('provd_tftp_transfers_total{result="error"}')).toBe(1);
  });
});

describe('refusals', () => {
  it('refuses WRQ with ERROR 2 (read-only), never asking for a file', async () => {
    const t = await start({ files: { a: small } });
    const c = await t.client();
    c.request('a', 'octet', [['tsize', '4000']], 'wrq');
    expect((await c.expect()).packet).toEqual({ op: 'error', code: 2, message: 'Access violation: read-only server' });
    expect(t.calls).toEqual([]);
    expect(t.metric('provd_tftp_transfers_total{result="denied"}')).toBe(1);
  });

  it.each([
    ['mail', 'Mail mode not supported'],
    ['MAIL', 'Mail mode not supported'],
    ['binary', 'Unknown transfer mode'],
    ['ascii', 'Unknown transfer mode'],
    ['octet ', 'Unknown transfer mode'],
    ['garbage', 'Unknown transfer mode'],
  ])('refuses mode %j with ERROR 4', async (mode, message) => {
    const t = await start({ files: { a: small } });
    const c = await t.client();
    c.request('a', mode);
    expect((await c.expect()).packet).toEqual({ op: 'error', code: 4, message });
    expect(t.calls).toEqual([]);
  });

  it.each([
    '../x', 'subdir/../../x', '/../etc/passwd', '//etc/passwd', '..\\..\\x', 'C:\\boot.ini', 'C:/boot.ini',
    'x'.repeat(256), 'a\x01b', 'caf\u00e9.cfg', '/', '',
  ])('refuses the name %j with ERROR 2 and never looks it up', async (name) => {
    const t = await start({ files: { x: small } });
    const c = await t.client();
    c.request(name);
    expect((await c.expect()).packet).toEqual({ op: 'error', code: 2, message: 'Access violation' });
    expect(t.calls).toEqual([]);
  });

  it('never serves data for a name with a NUL inside (the rest is read as the mode)', async () => {
    const t = await start({ files: { 'a.cfg': small } });
    const c = await t.client();
    c.send(raw([0, 1], 'a.cfg\0../x\0octet\0'), t.port);
    expect((await c.expect()).packet).toMatchObject({ op: 'error', code: 4 });
    expect(t.calls).toEqual([]);
  });

  it('answers ERROR 1 for an unknown file, never a default file', async () => {
    const t = await start({ files: { 'a.cfg': small } });
    const c = await t.client();
    const r = await c.download('001565aabbcc.cfg', { options: [['tsize', '0']] });
    expect(r.error).toEqual({ code: 1, message: 'File not found' });
    expect(r.dataPackets).toBe(0);
    expect(t.metric('provd_tftp_transfers_total{result="notfound"}')).toBe(1);
    expect(t.server.stats.active).toBe(0);
  });

  it('answers ERROR 0 when getFile throws, logs it, and keeps serving', async () => {
    const t = await start({ getFile: async (name) => { if (name === 'boom') throw new Error('store down'); return small; } });
    const c = await t.client();
    expect((await c.download('boom')).error).toEqual({ code: 0, message: 'Internal error' });
    expect(t.logs.some((l) => l.includes('tftp: file lookup failed') && l.includes('store down'))).toBe(true);
    expect((await c.download('ok')).data.equals(small)).toBe(true);
    expect(t.metric('provd_tftp_transfers_total{result="error"}')).toBe(1);
  });
});

describe('malformed packets on the listening port', () => {
  it.each([
    ['empty datagram', raw()],
    ['one byte', raw([1])],
    ['truncated RRQ (no NUL after the name)', raw([0, 1], 'a.cfg')],
    ['RRQ without mode', raw([0, 1], 'a.cfg\0')],
    ['RRQ mode without NUL', raw([0, 1], 'a.cfg\0octet')],
    ['odd option count', raw([0, 1], 'a.cfg\0octet\0blksize\0')],
    ['600-byte RRQ', raw([0, 1], 'a.cfg\0octet\0', 'x'.repeat(300), '\0', 'y'.repeat(283), '\0')],
    ['opcode 7', raw([0, 7], 'a.cfg\0octet\0')],
    ['opcode 65535', raw([0xff, 0xff])],
    ['stray ACK', buildAck(1)],
    ['stray DATA', raw([0, 3, 0, 1], 'xyz')],
    ['stray OACK', raw([0, 6], 'blksize\x00512\0')],
  ])('%s -> ERROR 4, and the server keeps serving', async (_name, packet) => {
    const t = await start({ files: { 'a.cfg': small } });
    const c = await t.client();
    c.send(packet, t.port);
    expect((await c.expect()).packet).toMatchObject({ op: 'error', code: 4 });
    expect(t.calls).toEqual([]);
    expect((await c.download('a.cfg')).data.equals(small)).toBe(true);
  });

  it('never answers an ERROR packet', async () => {
    const t = await start({ files: { 'a.cfg': small } });
    const c = await t.client();
    c.send(buildError(0, 'hello'), t.port);
    c.send(raw([0, 5]), t.port);
    expect(await c.drain(200)).toEqual([]);
  });

  it('survives random garbage (listening port and transfer ports) and still serves intact files', async () => {
    const t = await start({ files: { 'a.cfg': small }, timeoutMs: 1000 });
    const c = await t.client();
    const noise = await t.raw();
    let seed = 4242;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
    const garbage = () => {
      const b = Buffer.from(Array.from({ length: (rnd() << 1) + (rnd() & 3) }, rnd));
      if (b.length > 1 && rnd() < 200) b[0] = 0;
      if (b.length > 1 && rnd() < 200) b[1] = rnd() % 8;
      return b;
    };
    for (let i = 0; i < 3000; i++) {
      noise.send(garbage(), t.port);
      if (i % 100 === 99) await noise.drain(10); // don't overflow the kernel's receive buffer
    }
    const r = await c.download('a.cfg', {
      rexmtMs: 500,
      onData: (e) => { if (e.seq === 2 && e.count === 1) for (let i = 0; i < 200; i++) noise.send(garbage(), e.tid); },
    });
    expect(r.data.equals(small)).toBe(true);
    expect(r.dataPackets).toBe(r.blocks);
    await t.idle();
    expect((await c.download('a.cfg')).data.equals(small)).toBe(true);
  });
});

describe('limits, duplicates, expiry, shutdown', () => {
  it('refuses over the per-address cap with ERROR 0 and serves again once freed', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    // A 5 s timer: no held lookup becomes stale (evictable by its own address) during the test.
    const t = await start({ maxTransfersPerIp: 2, timeoutMs: 5000, getFile: async () => { await gate; return small; } });
    const hold = async (address: string) => {
      const c = await t.client(address);
      const before = t.calls.length;
      const done = c.download('a.cfg');
      while (t.calls.length === before) await new Promise((r) => setTimeout(r, 2));
      return { done }; // wrapped: an async function returning the promise would wait for it
    };
    const downloads = [(await hold('127.0.0.1')).done, (await hold('127.0.0.1')).done];
    const sameIp = await t.client('127.0.0.1');
    expect((await sameIp.download('a.cfg')).error).toEqual({ code: 0, message: 'Too many transfers from this address' });
    downloads.push((await hold('127.0.0.2')).done);
    expect(t.server.stats).toMatchObject({ active: 3, activeIps: 2 });
    expect(t.calls.length).toBe(3);
    expect(t.metric('provd_tftp_transfers_total{result="denied"}')).toBe(1);

    release();
    for (const r of await Promise.all(downloads)) expect(r.data.equals(small)).toBe(true);
    await t.idle();
    expect(t.server.stats).toMatchObject({ active: 0, activeIps: 0 });
    expect((await sameIp.download('a.cfg')).data.equals(small)).toBe(true);
  });

  it('when full, evicts the oldest never-ACKed session silently; "busy" only when every session has been answered', async () => {
    const t = await start({ files: { 'a.cfg': small }, maxTransfers: 2, timeoutMs: 2000 });
    const silent = [await t.client('127.0.0.2'), await t.client('127.0.0.3')];
    for (const c of silent) {
      c.request('a.cfg');
      expect((await c.expect()).packet).toMatchObject({ op: 'data', block: 1 });
    }
    expect(t.server.stats).toMatchObject({ active: 2, unanswered: 2 });

    const legit = await t.client('127.0.0.4');
    expect((await legit.download('a.cfg')).data.equals(small)).toBe(true);
    expect(t.metric('provd_tftp_transfers_total{result="evicted"}')).toBe(1);
    expect(await silent[0]!.next(300)).toBeUndefined(); // evicted without an ERROR (the source may be spoofed)

    // Two clients that ACKed DATA 1 and then stall hold answered slots: those are never evicted.
    for (const address of ['127.0.0.5', '127.0.0.6']) {
      const c = await t.client(address);
      c.request('a.cfg');
      c.ack(1, (await c.expect()).port);
      await c.expect(); // DATA 2, left unanswered
    }
    expect(t.server.stats).toMatchObject({ active: 2, unanswered: 0 });
    const late = await t.client('127.0.0.7');
    expect((await late.download('a.cfg', { idleMs: 1000 })).error).toEqual({ code: 0, message: 'Server busy, try again later' });
  });

  it('at its per-address cap, evicts that address\'s oldest session after one timer period without an ACK (forged requests cannot lock a phone out)', async () => {
    const t = await start({ files: { 'a.cfg': small }, maxTransfersPerIp: 2, timeoutMs: 300, unansweredSends: 5 });
    const forged = [await t.client('127.0.0.2'), await t.client('127.0.0.2')];
    for (const c of forged) {
      c.request('a.cfg');
      await c.expect();
    }
    const early = await t.client('127.0.0.2');
    expect((await early.download('a.cfg', { idleMs: 1000 })).error).toEqual({ code: 0, message: 'Too many transfers from this address' });

    await new Promise((r) => setTimeout(r, 350)); // the forged sessions have gone one timer period unanswered
    const phone = await t.client('127.0.0.2');
    expect((await phone.download('a.cfg')).data.equals(small)).toBe(true);
    expect(t.metric('provd_tftp_transfers_total{result="evicted"}')).toBe(1);
    expect(t.metric('provd_tftp_transfers_total{result="denied"}')).toBe(1);
  });

  it('sends DATA 1 of a never-ACKed request at most `unansweredSends` times, then frees the slot without an ERROR', async () => {
    const t = await start({ files: { 'a.cfg': small }, timeoutMs: 50, unansweredSends: 2 });
    const c = await t.client('127.0.0.2');
    c.request('a.cfg');
    const packets = await c.drain(400);
    expect(packets.map((p) => p.packet)).toEqual(Array(2).fill(expect.objectContaining({ op: 'data', block: 1 })));
    await t.idle();
    expect(t.metric('provd_tftp_transfers_total{result="unanswered"}')).toBe(1);
    expect(t.metric('provd_tftp_errors_sent_total{code="0"}')).toBe(0);
  });

  it('ignores a duplicate RRQ from the same address and port while its transfer runs', async () => {
    const t = await start({ files: { 'a.cfg': small }, timeoutMs: 2000 });
    const c = await t.client();
    c.request('a.cfg');
    c.request('a.cfg');
    const packets = await c.drain(150);
    expect(packets.map((p) => p.packet.op)).toEqual(['data']);
    c.request('a.cfg'); // again, once DATA 1 is out
    expect(await c.drain(150)).toEqual([]);
    expect(t.calls.length).toBe(1);
    expect(t.server.stats.started).toBe(1);
    // A request from another port of the same host is a new transfer.
    expect((await (await t.client()).download('a.cfg')).data.equals(small)).toBe(true);
  });

  it('takes a new RRQ from the same port after the client ACKed the old transfer as a new request', async () => {
    const t = await start({ files: { 'a.cfg': small }, timeoutMs: 3000 });
    const c = await t.client();
    const first = await c.download('a.cfg', { onData: (e) => (e.seq === 8 ? 'noack' : 'ack') }); // final ACK lost
    expect(first.data.equals(small)).toBe(true);
    const started = Date.now();
    const second = await c.download('a.cfg');
    expect(second.data.equals(small)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(second.tid).not.toBe(first.tid);
    await t.idle();
    expect(t.metric('provd_tftp_transfers_total{result="ok"}')).toBe(2);
    expect(t.server.stats.started).toBe(2);
  });

  it('expires a session older than sessionTtlMs even while the client keeps ACKing', async () => {
    const t = await start({ files: { big: randomBytes(512 * 40) }, timeoutMs: 5000, sessionTtlMs: 300 });
    const r = await (await t.client()).download('big', { onData: () => ({ delayAckMs: 40 }) });
    expect(r.error).toEqual({ code: 0, message: 'Session expired' });
    await t.idle();
    expect(t.metric('provd_tftp_transfers_total{result="timeout"}')).toBe(1);
  });

  it('frees a session whose lookup never settles (ERROR 0 after sessionTtlMs)', async () => {
    const t = await start({ sessionTtlMs: 100, getFile: () => new Promise(() => {}) });
    const r = await (await t.client()).download('a.cfg');
    expect(r.error).toEqual({ code: 0, message: 'Internal error' });
    expect(t.server.stats.active).toBe(0);
  });

  // Issue 9: a transfer in flight was cut silently at stop; the client retried into silence.
  it('close() answers a request whose file is still being looked up with ERROR 0 from the listening port', async () => {
    const t = await start({ getFile: () => new Promise(() => {}) });
    const c = await t.client();
    c.request('a.cfg');
    while (t.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(t.server.stats.active).toBe(1);

    await t.server.close();

    const error = await c.expect();
    expect(error.port).toBe(t.port);
    expect(error.packet).toEqual({ op: 'error', code: 0, message: 'Server shutting down' });
  });

  it('close() ends a transfer in flight with ERROR 0 "Server shutting down" from its TID, and frees the port', async () => {
    const t = await start({ files: { 'a.cfg': small }, timeoutMs: 5000 });
    const c = await t.client();
    c.request('a.cfg');
    const first = await c.expect(); // DATA 1, which this client never ACKs
    expect(t.server.stats.active).toBe(1);

    await t.server.close();

    const error = await c.expect();
    expect(error.port).toBe(first.port);
    expect(error.packet).toEqual({ op: 'error', code: 0, message: 'Server shutting down' });
    expect(t.server.stats.active).toBe(0);
    await t.server.close(); // idempotent
    const again = await startTftp({ files: { 'a.cfg': small }, listenPort: t.port });
    try {
      expect(again.port).toBe(t.port);
      expect((await (await again.client()).download('a.cfg')).data.equals(small)).toBe(true);
    } finally {
      await again.close();
    }
  });
});
