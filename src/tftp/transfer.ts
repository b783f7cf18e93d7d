/**
 * @module One read transfer's state machine (RFC 1350 §2, §4, §6; RFC 2347 OACK handshake;
 * RFC 7440 windows) on its own UDP socket (the server's TID). The caller owns the socket and
 * closes it in `onDone`.
 *
 * Contracts:
 * - Blocks are numbered 1..total in a JS number; the wire carries them modulo 65536, so files of
 *   more than 65,535 blocks roll over 65535 -> 0 and transfer intact. The last block is shorter
 *   than blksize (empty when the size is a multiple of blksize, or for an empty file).
 * - Only the single per-transfer timer retransmits (the whole unacknowledged window, or the
 *   OACK). A duplicate ACK, or any ACK of a block before the window, is ignored: RFC 1123
 *   §4.2.3.1 (Sorcerer's Apprentice). An ACK of a block inside the window slides the window to
 *   the block after it (RFC 7440 §4); an ACK of a block not yet sent is ignored.
 * - A packet from another address/port gets ERROR 5 and the transfer continues (RFC 1350 §4).
 * - Before the client's first ACK the OACK (or DATA 1) goes out at most `unansweredSends` times,
 *   then the transfer ends silently with result `unanswered`: a spoofed RRQ reflects at most that
 *   many packets to its victim and holds its slot for `unansweredSends` x timeout.
 * - After `retries` timeouts in a row, or once the session is older than `ttlMs`, the transfer
 *   ends with ERROR 0 and result `timeout`. An ERROR from the client (e.g. code 8 refusing the
 *   OACK, RFC 2347) ends it quietly; any other packet type ends it with ERROR 4.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { ackBlock, buildError, dataHeader, ErrorCode, parsePacket } from './packet.js';

/**
 * The bytes of a transfer: a Buffer, or a file read on demand (disk-source.ts). `subarray` is
 * called once per block sent, in order, retransmissions included.
 */
export interface BlockSource {
  readonly length: number;
  subarray(start: number, end: number): Buffer;
}

/** `unanswered`: the client never ACKed; `evicted`: its slot went to a new request before it did. */
export type TransferResult = 'ok' | 'timeout' | 'error' | 'unanswered' | 'evicted';

export interface TransferParams {
  readonly socket: Socket;
  readonly address: string;
  readonly port: number;
  /** The bytes as sent (already netascii-encoded in that mode); never modified while in use. */
  readonly data: BlockSource;
  readonly blksize: number;
  readonly windowsize: number;
  readonly timeoutMs: number;
  /** Retransmissions allowed in a row without progress before giving up. */
  readonly retries: number;
  /** Hard limit on the session's lifetime. */
  readonly ttlMs: number;
  /** Times the OACK or DATA 1 is sent (1 + retransmissions) while the client has not ACKed anything. */
  readonly unansweredSends: number;
  /** OACK to send first and have acknowledged with ACK 0; null for a plain RFC 1350 transfer. */
  readonly oack: Buffer | null;
}

export interface TransferHooks {
  /** `packets` retransmitted on a timeout. */
  onRetransmit(packets: number): void;
  /** DATA payload bytes handed to the socket (retransmissions included), once per window sent. */
  onBytes(bytes: number): void;
  onErrorSent(code: number): void;
  /** The client's first ACK on this TID arrived (called once). */
  onAnswered?(): void;
  /** Called exactly once; `detail` says why for anything but `ok`. */
  onDone(result: TransferResult, detail: string): void;
}

/** A running transfer; feed it the transfer socket's messages. */
export class Transfer {
  private readonly p: TransferParams;
  private readonly hooks: TransferHooks;
  private readonly total: number;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private phase: 'oack' | 'data' | 'done';
  /** First unacknowledged block. */
  private base = 1;
  /** One past the last block sent. */
  private next = 1;
  private attempts = 0;
  private heard = false;

  constructor(params: TransferParams, hooks: TransferHooks) {
    this.p = params;
    this.hooks = hooks;
    this.total = Math.floor(params.data.length / params.blksize) + 1;
    this.phase = params.oack ? 'oack' : 'data';
  }

  /** Sends the OACK or the first window and arms the timer. */
  start(): void {
    this.timer = setTimeout(() => this.onTimeout(), this.p.timeoutMs);
    if (this.p.oack) this.p.socket.send(this.p.oack, this.p.port, this.p.address);
    else this.sendRange(1, this.windowEnd(1));
  }

  /** Stops the timer without sending anything (the transfer's socket failed). */
  abort(): void {
    this.finish('error', 'aborted');
  }

  /**
   * Ends the transfer because the server stops: the client gets ERROR 0 "Server shutting down"
   * (it would otherwise retry into silence until its own timeout), then `onDone` runs.
   */
  shutdown(): void {
    this.finish('error', 'server shutting down', ErrorCode.NOT_DEFINED, 'Server shutting down');
  }

  /** Ends a transfer whose client never answered, silently: its slot goes to a newer request. */
  evict(): void {
    this.finish('evicted', 'slot given to a newer request before the client answered');
  }

  /**
   * Ends the transfer because its client sent a new RRQ from the same port. The client has moved
   * on, so with every block sent (its final ACK still in flight) this counts as `ok`.
   */
  supersede(): void {
    this.finish(this.phase === 'data' && this.next > this.total ? 'ok' : 'error', 'superseded by a new request');
  }

  /** The client has ACKed something on this TID, so it is no longer retrying its request. */
  get answered(): boolean {
    return this.heard;
  }

  /** Handles one datagram received on the transfer socket. */
  onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.phase === 'done') return;
    if (rinfo.port !== this.p.port || rinfo.address !== this.p.address) {
      // RFC 1350 §4: wrong source TID -> ERROR 5 to that source, transfer undisturbed. Never answer an ERROR.
      if (msg.length >= 2 && msg.readUInt16BE(0) === 5) return;
      this.sendError(ErrorCode.UNKNOWN_TID, 'Unknown transfer ID', rinfo.port, rinfo.address);
      return;
    }
    const block = ackBlock(msg);
    if (block >= 0) return this.onAck(block);
    const packet = parsePacket(msg);
    if (packet.op === 'error') return this.finish('error', `client error ${packet.code}: ${packet.message}`);
    const what = packet.op === 'invalid' ? packet.reason : packet.op;
    this.finish('error', `unexpected packet from client: ${what}`, ErrorCode.ILLEGAL_OPERATION, 'Illegal TFTP operation');
  }

  private onAck(block: number): void {
    if (Date.now() - this.started > this.p.ttlMs) return this.expire();
    if (!this.heard) {
      this.heard = true;
      this.hooks.onAnswered?.();
    }
    if (this.phase === 'oack') {
      if (block !== 0) return; // Only ACK 0 answers an OACK (RFC 2347 §4).
      this.phase = 'data';
      return this.advance(1);
    }
    // Map the 16-bit number onto the blocks base-1 .. next-1; base-1 itself is a duplicate.
    const diff = (block - ((this.base - 1) & 0xffff)) & 0xffff;
    if (diff === 0) return; // Duplicate ACK: never resend on it (RFC 1123 §4.2.3.1).
    const acked = this.base - 1 + diff;
    if (acked >= this.next) return; // Not sent yet: an old ACK from before a rollover, or garbage.
    if (acked >= this.total) return this.finish('ok', '');
    this.advance(acked + 1);
  }

  /** Starts a new window at `from` after progress. */
  private advance(from: number): void {
    this.base = from;
    this.attempts = 0;
    this.timer?.refresh();
    this.sendRange(from, this.windowEnd(from));
  }

  private windowEnd(from: number): number {
    return Math.min(from + this.p.windowsize, this.total + 1);
  }

  /** Sends blocks [from, to) and records `next`. */
  private sendRange(from: number, to: number): void {
    const { socket, data, blksize, port, address } = this.p;
    let bytes = 0;
    for (let b = from; b < to; b++) {
      const start = (b - 1) * blksize;
      const payload = data.subarray(start, Math.min(start + blksize, data.length));
      socket.send([dataHeader(b), payload], port, address);
      bytes += payload.length;
    }
    this.hooks.onBytes(bytes);
    if (to > this.next) this.next = to;
  }

  private onTimeout(): void {
    if (this.phase === 'done') return;
    if (Date.now() - this.started > this.p.ttlMs) return this.expire();
    // No ERROR either: the source may be spoofed, and a real client retries its RRQ.
    if (!this.heard && this.attempts + 1 >= this.p.unansweredSends) return this.finish('unanswered', `no ACK after ${this.attempts + 1} sends`);
    if (this.attempts >= this.p.retries) {
      return this.finish('timeout', `no answer after ${this.attempts} retransmissions`, ErrorCode.NOT_DEFINED, 'Transfer timed out');
    }
    this.attempts++;
    this.timer?.refresh();
    if (this.phase === 'oack') {
      this.p.socket.send(this.p.oack!, this.p.port, this.p.address);
      this.hooks.onRetransmit(1);
    } else {
      this.sendRange(this.base, this.next);
      this.hooks.onRetransmit(this.next - this.base);
    }
  }

  private expire(): void {
    this.finish('timeout', 'session expired', ErrorCode.NOT_DEFINED, 'Session expired');
  }

  private sendError(code: number, message: string, port: number, address: string, sent?: () => void): void {
    this.p.socket.send(buildError(code, message), port, address, sent);
    this.hooks.onErrorSent(code);
  }

  /**
   * Ends the transfer at once (later packets and the timer are ignored). With an error code, the
   * ERROR goes to the client first and `onDone` (where the caller closes the socket) waits until
   * the socket has sent it: dgram sends complete asynchronously and a close would drop it.
   */
  private finish(result: TransferResult, detail: string, code?: number, message = ''): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    clearTimeout(this.timer);
    if (code === undefined) return this.hooks.onDone(result, detail);
    this.sendError(code, message, this.p.port, this.p.address, () => this.hooks.onDone(result, detail));
  }
}
