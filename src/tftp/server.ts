/**
 * @module A read-only TFTP server on node:dgram (RFC 1350, options RFC 2347/2348/2349/7440).
 * The listening socket only receives requests; each transfer gets its own ephemeral socket, its
 * TID (RFC 1350 §4). Files come from `getFile` (the provisioning service), never from disk.
 *
 * Contracts:
 * - RRQ in `octet` or `netascii` mode (case-insensitive). WRQ -> ERROR 2 (read-only); `mail`,
 *   other modes, malformed requests, unknown opcodes, stray DATA/ACK/OACK -> ERROR 4; a stray
 *   ERROR -> silence. A refused name -> ERROR 2; `getFile` undefined -> ERROR 1; `getFile`
 *   throwing (or not settling within `sessionTtlMs`) -> ERROR 0 "Internal error", logged.
 * - Over `maxTransfers` (global, lookups included) or `maxTransfersPerIp` -> ERROR 0, no transfer.
 * - A repeated RRQ from the same address and port while its session runs is ignored.
 * - Request-level errors are sent from the listening socket; no handler ever throws.
 * - Metrics: provd_tftp_transfers_total{result=ok|timeout|error|denied|notfound},
 *   provd_tftp_retransmits_total, provd_tftp_bytes_sent_total, provd_tftp_errors_sent_total{code}.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { checkFilename } from './filename.js';
import { toNetascii } from './netascii.js';
import { negotiate } from './options.js';
import { buildError, buildOack, ErrorCode, Opcode, parsePacket, type RequestPacket } from './packet.js';
import { Transfer, type TransferResult } from './transfer.js';

export interface TftpRemote {
  readonly address: string;
  readonly port: number;
}

export interface TftpServerOptions {
  /** The file's bytes, or undefined when there is no such file (ERROR 1). May throw (ERROR 0). */
  getFile(filename: string, remote: TftpRemote): Promise<Buffer | undefined>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Sessions in flight, lookups included (default 2048). */
  readonly maxTransfers?: number;
  /** Sessions in flight per client address (default 64). */
  readonly maxTransfersPerIp?: number;
  /** Retransmissions without progress before giving up (default 5). */
  readonly retries?: number;
  /** Retransmission timeout unless the client negotiates `timeout` (default 1000 ms). */
  readonly timeoutMs?: number;
  /** Largest blksize answered (default 65464). */
  readonly maxBlksize?: number;
  /** Largest windowsize answered (default 64). */
  readonly maxWindowsize?: number;
  /** Hard limit on a session's lifetime, lookup included (default 10 minutes). */
  readonly sessionTtlMs?: number;
}

export interface TftpStats {
  /** Sessions in flight (lookups and transfers). */
  readonly active: number;
  /** Client addresses with sessions in flight. */
  readonly activeIps: number;
  /** Transfers that started sending since creation. */
  readonly started: number;
}

export interface TftpServer {
  /** Binds the listening socket; resolves with the bound port (use 0 in tests). */
  listen(port: number, host: string): Promise<number>;
  /** Closes the listening socket and aborts every session. */
  close(): Promise<void>;
  readonly stats: TftpStats;
}

interface Session {
  readonly ip: string;
  closed: boolean;
  socket?: Socket;
  transfer?: Transfer;
}

type RequestResult = TransferResult | 'denied' | 'notfound';

export function createTftpServer(options: TftpServerOptions): TftpServer {
  const { getFile, logger, metrics } = options;
  const maxTransfers = options.maxTransfers ?? 2048;
  const maxPerIp = options.maxTransfersPerIp ?? 64;
  const retries = options.retries ?? 5;
  const ttlMs = options.sessionTtlMs ?? 600_000;
  const limits = { maxBlksize: options.maxBlksize ?? 65464, maxWindowsize: options.maxWindowsize ?? 64, defaultTimeoutMs: options.timeoutMs ?? 1000 };

  const transfers = metrics.counter('provd_tftp_transfers_total', 'TFTP read requests by result');
  const retransmits = metrics.counter('provd_tftp_retransmits_total', 'TFTP packets retransmitted on timeout');
  const bytesSent = metrics.counter('provd_tftp_bytes_sent_total', 'TFTP DATA payload bytes sent, retransmissions included');
  const errorsSent = metrics.counter('provd_tftp_errors_sent_total', 'TFTP ERROR packets sent by code');
  const codeLabels = Array.from({ length: 9 }, (_, code) => ({ code: String(code) }));
  const resultLabels = new Map<RequestResult, { result: string }>();
  const count = (result: RequestResult) => {
    let labels = resultLabels.get(result);
    if (!labels) resultLabels.set(result, (labels = { result }));
    transfers.inc(labels);
  };
  const errorSent = (code: number) => errorsSent.inc(codeLabels[code] ?? { code: String(code) });

  const sessions = new Map<string, Session>();
  const perIp = new Map<string, number>();
  const netascii = new WeakMap<Buffer, Buffer>();
  let listener: Socket | undefined;
  let host = '0.0.0.0';
  let closing = false;
  let started = 0;

  const reply = (rinfo: RemoteInfo, code: number, message: string) => {
    listener?.send(buildError(code, message), rinfo.port, rinfo.address);
    errorSent(code);
  };

  const release = (key: string, session: Session) => {
    session.closed = true;
    if (sessions.get(key) !== session) return;
    sessions.delete(key);
    const n = (perIp.get(session.ip) ?? 1) - 1;
    if (n <= 0) perIp.delete(session.ip);
    else perIp.set(session.ip, n);
    session.socket?.close();
  };

  const onMessage = (msg: Buffer, rinfo: RemoteInfo) => {
    if (closing || rinfo.port === 0) return;
    const packet = parsePacket(msg);
    switch (packet.op) {
      case 'rrq':
        return onRead(packet, rinfo);
      case 'wrq':
        count('denied');
        return reply(rinfo, ErrorCode.ACCESS_VIOLATION, 'Access violation: read-only server');
      case 'error':
        return; // Never answer an ERROR with an ERROR.
      case 'invalid':
        if (msg[0] === 0 && msg[1] === Opcode.ERROR) return; // A truncated ERROR (opcode 5) is still not answered.
        return reply(rinfo, ErrorCode.ILLEGAL_OPERATION, `Illegal TFTP operation: ${packet.reason}`);
      default:
        return reply(rinfo, ErrorCode.ILLEGAL_OPERATION, 'Illegal TFTP operation: only requests are accepted here');
    }
  };

  const onRead = (request: RequestPacket, rinfo: RemoteInfo) => {
    const key = `${rinfo.address} ${rinfo.port}`;
    if (sessions.has(key)) return; // The client's retry of a request we are already serving.
    const log = { ip: rinfo.address, port: rinfo.port, file: request.filename };
    const name = checkFilename(request.filename);
    if (!name.ok) {
      logger.info({ ...log, reason: name.reason }, 'tftp: refused file name');
      count('denied');
      return reply(rinfo, ErrorCode.ACCESS_VIOLATION, 'Access violation');
    }
    const mode = request.mode.toLowerCase();
    if (mode !== 'octet' && mode !== 'netascii') {
      count('error');
      return reply(rinfo, ErrorCode.ILLEGAL_OPERATION, mode === 'mail' ? 'Mail mode not supported' : 'Unknown transfer mode');
    }
    const ipCount = perIp.get(rinfo.address) ?? 0;
    if (sessions.size >= maxTransfers || ipCount >= maxPerIp) {
      const global = sessions.size >= maxTransfers;
      logger.warn({ ...log, active: sessions.size }, global ? 'tftp: server busy' : 'tftp: per-address limit reached');
      count('denied');
      return reply(rinfo, ErrorCode.NOT_DEFINED, global ? 'Server busy, try again later' : 'Too many transfers from this address');
    }
    const session: Session = { ip: rinfo.address, closed: false };
    sessions.set(key, session);
    perIp.set(rinfo.address, ipCount + 1);

    const fail = (result: RequestResult, code: number, message: string) => {
      release(key, session);
      count(result);
      reply(rinfo, code, message);
    };
    const guard = setTimeout(() => {
      if (session.closed) return;
      logger.error(log, 'tftp: file lookup did not settle in time');
      fail('error', ErrorCode.NOT_DEFINED, 'Internal error');
    }, ttlMs);
    getFile(name.name, { address: rinfo.address, port: rinfo.port }).then(
      (file) => {
        clearTimeout(guard);
        if (session.closed) return;
        if (!file) return fail('notfound', ErrorCode.FILE_NOT_FOUND, 'File not found');
        let data = file;
        if (mode === 'netascii') {
          data = netascii.get(file) ?? toNetascii(file);
          netascii.set(file, data);
        }
        startTransfer(key, session, rinfo, request, data);
      },
      (err: unknown) => {
        clearTimeout(guard);
        if (session.closed) return;
        logger.error({ ...log, err: err instanceof Error ? err.message : String(err) }, 'tftp: file lookup failed');
        fail('error', ErrorCode.NOT_DEFINED, 'Internal error');
      }
    );
  };

  const startTransfer = (key: string, session: Session, rinfo: RemoteInfo, request: RequestPacket, data: Buffer) => {
    const neg = negotiate(request.options, data.length, limits);
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    session.socket = socket;
    const log = { ip: rinfo.address, port: rinfo.port, file: request.filename };
    socket.on('error', (err) => {
      logger.warn({ ...log, err: err.message }, 'tftp: transfer socket error');
      if (session.transfer) session.transfer.abort();
      else if (!session.closed) {
        release(key, session);
        count('error');
      }
    });
    socket.bind(0, host, () => {
      if (session.closed) return;
      const transfer = new Transfer(
        { socket, address: rinfo.address, port: rinfo.port, data, ...neg, retries, ttlMs, oack: neg.oack.length > 0 ? buildOack(neg.oack) : null },
        {
          onRetransmit: (n) => retransmits.inc(undefined, n),
          onBytes: (n) => bytesSent.inc(undefined, n),
          onErrorSent: errorSent,
          onDone: (result, detail) => {
            release(key, session);
            if (closing) return;
            count(result);
            if (result === 'ok') logger.debug({ ...log, mode: request.mode, bytes: data.length, options: neg.oack.flat().join(' ') }, 'tftp: transfer complete');
            else logger.info({ ...log, result, detail }, 'tftp: transfer ended');
          },
        }
      );
      session.transfer = transfer;
      socket.on('message', (msg, from) => {
        try {
          transfer.onMessage(msg, from);
        } catch (err) {
          logger.error({ ...log, err: (err as Error).message }, 'tftp: transfer handler failed');
          transfer.abort();
        }
      });
      started++;
      transfer.start();
    });
  };

  return {
    listen(port, bindHost) {
      host = bindHost;
      closing = false;
      const socket = createSocket(isIPv6(bindHost) ? 'udp6' : 'udp4');
      return new Promise((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, bindHost, () => {
          socket.off('error', reject);
          socket.on('error', (err) => logger.error({ err: err.message }, 'tftp: listener error'));
          socket.on('message', (msg, rinfo) => {
            try {
              onMessage(msg, rinfo);
            } catch (err) {
              logger.error({ err: (err as Error).message, ip: rinfo.address }, 'tftp: request handler failed');
            }
          });
          listener = socket;
          resolve(socket.address().port);
        });
      });
    },
    close() {
      closing = true;
      for (const [key, session] of [...sessions]) {
        if (session.transfer) session.transfer.abort();
        release(key, session);
      }
      const socket = listener;
      listener = undefined;
      return new Promise((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
    },
    stats: {
      get active() { return sessions.size; },
      get activeIps() { return perIp.size; },
      get started() { return started; },
    },
  };
}
