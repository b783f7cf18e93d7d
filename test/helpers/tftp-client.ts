/**
 * @module A raw-packet TFTP test client over real UDP on 127.0.0.1. `RawUdp` sends and receives
 * single datagrams (a second one is the "foreign TID"); `download` runs a read transfer as a
 * RFC 1350/7440 receiver with hooks to drop, duplicate, lose or delay packets.
 */
import { createSocket, type Socket } from 'node:dgram';
import { buildAck, buildError, buildRequest, parsePacket, type Packet } from '../../src/tftp/packet.js';

export interface Received {
  readonly msg: Buffer;
  readonly packet: Packet;
  readonly port: number;
  readonly address: string;
}

/** What the receiver does with one DATA packet. */
export type DataAction =
  | 'ack' // process it, ACK as a receiver would (default)
  | 'drop' // the DATA is lost: ignore it
  | 'dup' // process it, send any resulting ACK twice
  | 'noack' // process it, but the ACK it causes is lost
  | { readonly delayAckMs: number }; // process it, send the ACK later

export interface DataEvent {
  /** Block number on the wire. */
  readonly block: number;
  /** Absolute block number (1-based, no rollover) this DATA would be if in order. */
  readonly seq: number;
  /** How many times a DATA with this absolute number has arrived, this one included. */
  readonly count: number;
  readonly size: number;
  /** The server's transfer port. */
  readonly tid: number;
}

export interface DownloadOptions {
  readonly mode?: string;
  readonly options?: ReadonlyArray<readonly [string, string]>;
  readonly onData?: (event: DataEvent, client: TftpTestClient) => DataAction | void;
  /** Answer to an OACK: ACK 0 (default), ERROR 8 ('refuse') or nothing ('drop'). */
  readonly onOack?: (options: ReadonlyArray<readonly [string, string]>) => 'ack' | 'refuse' | 'drop' | void;
  /** Re-send the RRQ or the last ACK after this long without a packet (like tftp-hpa/atftp); default never. */
  readonly rexmtMs?: number;
  /** Give up after this long without a packet (default 5000 ms). */
  readonly idleMs?: number;
}

export interface DownloadResult {
  readonly data: Buffer;
  readonly oack?: ReadonlyArray<readonly [string, string]>;
  readonly error?: { readonly code: number; readonly message: string };
  /** Every DATA packet that arrived (dropped ones included). */
  readonly dataPackets: number;
  readonly blocks: number;
  readonly tid: number;
  readonly timedOut: boolean;
}

/** One UDP socket on 127.0.0.1 with a receive queue. */
export class RawUdp {
  private readonly queue: Received[] = [];
  private waiter: ((r: Received | undefined) => void) | undefined;

  protected constructor(readonly socket: Socket, readonly port: number) {
    socket.on('message', (msg, rinfo) => {
      const r = { msg, packet: parsePacket(msg), port: rinfo.port, address: rinfo.address };
      const w = this.waiter;
      if (w) {
        this.waiter = undefined;
        w(r);
      } else this.queue.push(r);
    });
  }

  /** A socket on `localAddress` (any 127.x.y.z works on Linux loopback). */
  static async open(localAddress = '127.0.0.1'): Promise<RawUdp> {
    const [socket, port] = await bindSocket(localAddress);
    return new RawUdp(socket, port);
  }

  send(buf: Buffer, port: number): void {
    this.socket.send(buf, port, '127.0.0.1');
  }

  /** The next datagram, or undefined after `ms`. */
  next(ms = 2000): Promise<Received | undefined> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, ms);
      this.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
  }

  /** The next datagram; throws when none arrives within `ms`. */
  async expect(ms = 2000): Promise<Received> {
    const r = await this.next(ms);
    if (!r) throw new Error(`no packet within ${ms} ms`);
    return r;
  }

  /** Every datagram arriving within `ms`. */
  async drain(ms: number): Promise<Received[]> {
    const out: Received[] = [];
    const until = Date.now() + ms;
    for (let left = ms; left > 0; left = until - Date.now()) {
      const r = await this.next(left);
      if (!r) break;
      out.push(r);
    }
    return out;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

export class TftpTestClient extends RawUdp {
  private constructor(socket: Socket, port: number, readonly serverPort: number) {
    super(socket, port);
  }

  /** A client of the server listening on 127.0.0.1:`serverPort`, itself on `localAddress`. */
  static async connect(serverPort: number, localAddress = '127.0.0.1'): Promise<TftpTestClient> {
    const [socket, port] = await bindSocket(localAddress);
    return new TftpTestClient(socket, port, serverPort);
  }

  /** Sends an RRQ (or WRQ) to the listening port. */
  request(filename: string, mode = 'octet', options: ReadonlyArray<readonly [string, string]> = [], op: 'rrq' | 'wrq' = 'rrq'): void {
    this.send(buildRequest(op, filename, mode, options), this.serverPort);
  }

  ack(block: number, tid: number): void {
    this.send(buildAck(block), tid);
  }

  /** Runs a whole read transfer as the receiver. */
  async download(filename: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
    this.request(filename, opts.mode ?? 'octet', opts.options ?? []);
    const chunks: Buffer[] = [];
    const seen = new Map<number, number>();
    let blksize = 512;
    let windowsize = 1;
    let tid = 0;
    let received = 0; // absolute number of the last block received in order
    let acked = 0;
    let lastAck: number | undefined;
    let dataPackets = 0;
    let oack: DownloadResult['oack'];
    const result = (extra: Partial<DownloadResult> = {}): DownloadResult =>
      ({ data: Buffer.concat(chunks), oack, dataPackets, blocks: received, tid, timedOut: false, ...extra });
    const sendAck = (n: number, action: DataAction) => {
      lastAck = n;
      acked = n;
      if (action === 'noack') return;
      if (typeof action === 'object') return void setTimeout(() => this.ack(n, tid), action.delayAckMs);
      this.ack(n, tid);
      if (action === 'dup') this.ack(n, tid);
    };
    const idleMs = opts.idleMs ?? 5000;
    for (;;) {
      let r: Received | undefined;
      for (let waited = 0; !r && waited < idleMs; waited += opts.rexmtMs ?? idleMs) {
        r = await this.next(Math.min(opts.rexmtMs ?? idleMs, idleMs));
        if (r || !opts.rexmtMs) continue;
        if (lastAck !== undefined) this.ack(lastAck, tid);
        else if (tid === 0) this.request(filename, opts.mode ?? 'octet', opts.options ?? []);
      }
      if (!r) return result({ timedOut: true });
      if (tid === 0) tid = r.port;
      else if (r.port !== tid) continue;
      const p = r.packet;
      if (p.op === 'error') return result({ error: { code: p.code, message: p.message } });
      if (p.op === 'oack' && received === 0) {
        oack = p.options;
        for (const [name, value] of p.options) {
          if (name === 'blksize') blksize = Number(value);
          if (name === 'windowsize') windowsize = Number(value);
        }
        const answer = opts.onOack?.(p.options) ?? 'ack';
        if (answer === 'refuse') {
          this.send(buildError(8, 'options refused'), tid);
          return result();
        }
        if (answer === 'ack') sendAck(0, 'ack');
        continue;
      }
      if (p.op !== 'data') continue;
      dataPackets++;
      const inOrder = p.block === ((received + 1) & 0xffff);
      const seq = inOrder ? received + 1 : received;
      const count = (seen.get(seq) ?? 0) + 1;
      seen.set(seq, count);
      const action = opts.onData?.({ block: p.block, seq, count, size: p.data.length, tid }, this) ?? 'ack';
      if (action === 'drop') continue;
      if (!inOrder) {
        sendAck(received, action); // duplicate or out of order: ACK the last block in order (RFC 7440 §4)
        continue;
      }
      received++;
      chunks.push(Buffer.from(p.data));
      const last = p.data.length < blksize;
      if (last || received - acked >= windowsize) sendAck(received, action);
      if (last) return result();
    }
  }
}

function bindSocket(localAddress: string): Promise<[Socket, number]> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, localAddress, () => resolve([socket, socket.address().port]));
  });
}
