/**
 * TFTP reliability over real UDP on 127.0.0.1: loss, duplicates, late and foreign packets,
 * windows, rollover, give-up. The server's timer is 100 ms unless a case needs it out of the way.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAck } from '../../src/tftp/packet.js';
import { startTftp, type Harness, type HarnessOptions } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const start = async (options: HarnessOptions = {}) => (h = await startTftp(options));
const file = randomBytes(512 * 20 + 100); // 21 blocks

describe('loss and retransmission (RFC 1350 §2, RFC 1123 §4.2.3.1)', () => {
  it('retransmits a dropped DATA when its timer fires', async () => {
    const t = await start({ files: { f: file } });
    const seen: number[] = [];
    const r = await (await t.client()).download('f', {
      onData: (e) => {
        seen.push(e.seq);
        if (e.seq === 3 && e.count === 1) return 'drop';
      },
    });
    expect(r.data.equals(file)).toBe(true);
    expect(seen.filter((s) => s === 3)).toEqual([3, 3]);
    expect(r.dataPackets).toBe(22);
    await t.idle();
    expect(t.metric('provd_tftp_retransmits_total')).toBe(1);
    expect(t.metric('provd_tftp_transfers_total{result="ok"}')).toBe(1);
  });

  it('recovers from a dropped ACK: DATA resent once by the timer, the client re-ACKs the duplicate', async () => {
    const t = await start({ files: { f: file } });
    const r = await (await t.client()).download('f', { onData: (e) => (e.seq === 5 && e.count === 1 ? 'noack' : 'ack') });
    expect(r.data.equals(file)).toBe(true);
    expect(r.dataPackets).toBe(22);
    await t.idle();
    expect(t.metric('provd_tftp_retransmits_total')).toBe(1);
  });

  it('recovers from a dropped final ACK (the last DATA is resent)', async () => {
    const t = await start({ files: { f: file } });
    const c = await t.client();
    const r = await c.download('f', { onData: (e) => (e.seq === 21 && e.count === 1 ? 'noack' : 'ack') });
    expect(r.data.equals(file)).toBe(true);
    const again = await c.expect(1000);
    expect(again.packet).toMatchObject({ op: 'data', block: 21 });
    c.ack(21, again.port);
    await t.idle();
    expect(t.metric('provd_tftp_transfers_total{result="ok"}')).toBe(1);
  });

  it('never sends a DATA twice because of a duplicate ACK (Sorcerer\'s Apprentice)', async () => {
    const t = await start({ files: { f: file }, timeoutMs: 3000 });
    const r = await (await t.client()).download('f', { onData: () => 'dup' });
    expect(r.data.equals(file)).toBe(true);
    expect(r.dataPackets).toBe(r.blocks);
    await t.idle();
    expect(t.metric('provd_tftp_retransmits_total')).toBe(0);
    expect(t.metric('provd_tftp_bytes_sent_total')).toBe(file.length);
  });

  it('does not resend under duplicate ACKs combined with loss: at most blocks + timer retransmissions', async () => {
    const t = await start({ files: { f: file } });
    const r = await (await t.client()).download('f', {
      onData: (e) => (e.seq % 4 === 0 && e.count === 1 ? 'drop' : 'dup'),
    });
    expect(r.data.equals(file)).toBe(true);
    await t.idle();
    expect(r.dataPackets).toBe(r.blocks + t.metric('provd_tftp_retransmits_total'));
    expect(t.metric('provd_tftp_retransmits_total')).toBe(5);
  });

  it('ignores a late, older ACK and an ACK for a block not sent yet', async () => {
    const t = await start({ files: { f: file }, timeoutMs: 3000 });
    const c = await t.client();
    const r = await c.download('f', {
      onData: (e) => {
        if (e.seq === 6 && e.count === 1) setImmediate(() => c.send(buildAck(4), e.tid));
        if (e.seq === 9 && e.count === 1) setImmediate(() => c.send(buildAck(15), e.tid));
      },
    });
    expect(r.data.equals(file)).toBe(true);
    expect(r.dataPackets).toBe(r.blocks);
  });

  it('answers a foreign TID with ERROR 5 and carries on with the transfer', async () => {
    const t = await start({ files: { f: file }, timeoutMs: 3000 });
    const foreign = await t.raw();
    const otherHost = await t.raw('127.0.0.2');
    const r = await (await t.client()).download('f', {
      onData: (e) => {
        if (e.seq !== 3 || e.count !== 1) return;
        foreign.send(buildAck(3), e.tid);
        otherHost.send(buildAck(3), e.tid);
      },
    });
    expect(r.data.equals(file)).toBe(true);
    expect(r.dataPackets).toBe(r.blocks);
    for (const s of [foreign, otherHost]) expect((await s.expect()).packet).toEqual({ op: 'error', code: 5, message: 'Unknown transfer ID' });
    expect(t.metric('provd_tftp_errors_sent_total{code="5"}')).toBe(2);
  });

  it('gives up after `retries` timeouts with ERROR 0, counts a timeout, and frees the session', async () => {
    const t = await start({ files: { f: file }, retries: 3, timeoutMs: 50 });
    const c = await t.client();
    c.request('f');
    const first = await c.expect();
    c.ack(1, first.port); // answered: from now on `retries` applies, not the unanswered budget
    const packets = await c.drain(600);
    expect(packets.map((p) => p.packet)).toEqual([
      ...Array(4).fill(expect.objectContaining({ op: 'data', block: 2 })),
      { op: 'error', code: 0, message: 'Transfer timed out' },
    ]);
    await t.idle();
    expect(t.metric('provd_tftp_transfers_total{result="timeout"}')).toBe(1);
    expect(t.metric('provd_tftp_retransmits_total')).toBe(3);
    expect(t.metric('provd_tftp_errors_sent_total{code="0"}')).toBe(1);
    expect(t.server.stats).toMatchObject({ active: 0, activeIps: 0 });
  });

  it('ends quietly on an ERROR from the client and with ERROR 4 on a bad packet from it', async () => {
    const t = await start({ files: { f: file } });
    const quiet = await t.client();
    const r1 = await quiet.download('f', {
      idleMs: 400,
      onData: (e) => { if (e.seq === 2) quiet.send(Buffer.from([0, 5, 0, 0, 0]), e.tid); return e.seq === 2 ? 'noack' : 'ack'; },
    });
    expect(r1).toMatchObject({ timedOut: true, dataPackets: 2 });
    const rude = await t.client();
    const r2 = await rude.download('f', {
      onData: (e) => { if (e.seq === 2) rude.send(Buffer.from([0, 3, 0, 9]), e.tid); return e.seq === 2 ? 'noack' : 'ack'; },
    });
    expect(r2.error).toEqual({ code: 4, message: 'Illegal TFTP operation' });
    await t.idle();
    expect(t.metric('provd_tftp_transfers_total{result="error"}')).toBe(2);
  });
});

describe('windows (RFC 7440)', () => {
  const big = randomBytes(1024 * 50 + 7); // 51 blocks of 1024

  it('sends windowsize blocks per ACK and completes', async () => {
    const t = await start({ files: { big }, timeoutMs: 3000 });
    const r = await (await t.client()).download('big', { options: [['blksize', '1024'], ['windowsize', '8']] });
    expect(r.oack).toEqual([['blksize', '1024'], ['windowsize', '8']]);
    expect(r.data.equals(big)).toBe(true);
    expect(r.dataPackets).toBe(51);
  });

  it('restarts the window after the block ACKed when a block inside it is lost (no timer needed)', async () => {
    const t = await start({ files: { big }, timeoutMs: 3000 });
    const started = Date.now();
    const r = await (await t.client()).download('big', {
      options: [['blksize', '1024'], ['windowsize', '8']],
      onData: (e) => (e.seq === 11 && e.count === 1 ? 'drop' : 'ack'),
    });
    expect(r.data.equals(big)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    await t.idle();
    expect(t.metric('provd_tftp_retransmits_total')).toBe(0);
  });

  it('retransmits the whole window on timeout and ignores duplicate ACKs', async () => {
    const t = await start({ files: { big } });
    const r = await (await t.client()).download('big', {
      options: [['blksize', '1024'], ['windowsize', '4']],
      onData: (e) => (e.seq === 8 && e.count === 1 ? 'noack' : 'dup'),
    });
    expect(r.data.equals(big)).toBe(true);
    await t.idle();
    expect(t.metric('provd_tftp_retransmits_total')).toBe(4);
    expect(r.dataPackets).toBe(51 + 4);
  });
});

describe('block number rollover (more than 65,535 blocks)', () => {
  const blocks = 65_600;
  const huge = Buffer.alloc(blocks * 8);
  for (let i = 0; i < blocks; i++) huge.writeUInt32BE(i, i * 8), huge.writeUInt32BE(~i >>> 0, i * 8 + 4);

  it('lock-step, blksize 8: wraps 65535 -> 0 and arrives intact, ending with an empty DATA', async () => {
    const t = await start({ files: { huge }, timeoutMs: 3000 });
    const wire: number[] = [];
    const r = await (await t.client()).download('huge', {
      options: [['blksize', '8']],
      onData: (e) => { if (e.seq >= 65_534 && e.seq <= 65_538) wire.push(e.block); },
    });
    expect(wire).toEqual([65_534, 65_535, 0, 1, 2]);
    expect(r.blocks).toBe(blocks + 1);
    expect(r.data.equals(huge)).toBe(true);
    expect(r.dataPackets).toBe(blocks + 1);
  });

  it('windowed, blksize 8, windowsize 16: intact across the wrap', async () => {
    const t = await start({ files: { huge }, timeoutMs: 3000 });
    const r = await (await t.client()).download('huge', { options: [['blksize', '8'], ['windowsize', '16']] });
    expect(r.data.equals(huge)).toBe(true);
  });

  it('a lost ACK right at the wrap is recovered by the timer', async () => {
    // 1 s, not the harness's 100 ms: 65,537 round trips on a loaded machine must not meet a
    // spurious timeout, or the count of DATA packets below would not be exact.
    const t = await start({ files: { huge }, timeoutMs: 1000 });
    const r = await (await t.client()).download('huge', {
      options: [['blksize', '8']],
      onData: (e) => (e.seq === 65_536 && e.count === 1 ? 'noack' : 'ack'),
    });
    expect(r.data.equals(huge)).toBe(true);
    expect(r.dataPackets).toBe(blocks + 2);
  });
});
