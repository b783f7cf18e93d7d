/**
 * @module A read-only TFTP server on node:dgram (RFC 1350, options RFC 2347/2348/2349/7440).
 * The listening socket only receives requests; each transfer gets its own ephemeral socket, its
 * TID (RFC 1350 §4). Files come from `getFile` (the provisioning service): rendered bytes, or a
 * file on disk it names (uploaded firmware), read block by block (disk-source.ts).
 *
 * Contracts:
 * - RRQ in `octet` or `netascii` mode (case-insensitive). WRQ -> ERROR 2 (read-only); `mail`,
 *   other modes, malformed requests, unknown opcodes, stray DATA/ACK/OACK -> ERROR 4; a stray
 *   ERROR -> silence. A refused name -> ERROR 2; `getFile` undefined -> ERROR 1; `getFile`
 *   throwing (or not settling within `sessionTtlMs`) -> ERROR 0 "Internal error", logged; a
 *   TftpRefusal -> that ERROR (a throttled source).
 * - close(): every session in flight gets ERROR 0 "Server shutting down" (from its transfer's
 *   TID, or from the listening port while its file is looked up) before its socket closes.
 * - Over `maxTransfersPerIp` -> ERROR 0, no transfer, unless that address's oldest session has
 *   had no ACK for one timer period (`timeoutMs`): it is evicted instead. With `maxTransfers` sessions in flight
 *   (lookups included) the oldest session whose client never ACKed is evicted silently for the
 *   new request; only when every session has been answered -> ERROR 0 "Server busy".
 * - Before its first ACK a transfer sends its OACK or DATA 1 at most `unansweredSends` times and
 *   then ends silently (bounded reflection towards a spoofed source); `timeout` options above
 *   `maxTimeoutSeconds` are not acknowledged.
 * - A repeated RRQ from the same address and port is ignored until the client has ACKed anything
 *   on the transfer's TID (it is a retry); after that it is a new request and ends the old session.
 * - Request-level errors are sent from the listening socket; no handler ever throws.
 * - Metrics: provd_tftp_transfers_total{result=ok|timeout|unanswered|evicted|error|denied|notfound},
 *   provd_tftp_retransmits_total, provd_tftp_bytes_sent_total, provd_tftp_errors_sent_total{code}.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { isIPv4, isIPv6 } from 'node:net';
import { throttledLog } from '../observability/log-throttle.js';
import { checkFilename } from './filename.js';
import { createTftpCounters } from './metrics.js';
import { toNetascii } from './netascii.js';
import { negotiate } from './options.js';
import { buildError, buildOack, ErrorCode, Opcode, parsePacket, type RequestPacket } from './packet.js';
import { SessionTable, type Session } from './sessions.js';
import { openDiskSource } from './disk-source.js';
import { Transfer, type BlockSource } from './transfer.js';
import type { TftpServer, TftpServerOptions } from './types.js';

const SHUTTING_DOWN = 'Server shutting down';

export type { TftpRemote, TftpServer, TftpServerOptions, TftpStats } from './types.js';

/** Creates the server; nothing is bound until `listen`. */
export function createTftpServer(options: TftpServerOptions): TftpServer {
  const { getFile, logger } = options;
  const retries = options.retries ?? 5;
  const ttlMs = options.sessionTtlMs ?? 600_000;
  const unansweredSends = Math.max(1, options.unansweredSends ?? 2);
  const limits = {
    maxBlksize: options.maxBlksize ?? 65464,
    maxWindowsize: options.maxWindowsize ?? 64,
    defaultTimeoutMs: options.timeoutMs ?? 1000,
    maxTimeoutSeconds: options.maxTimeoutSeconds ?? 10,
  };
  const counters = createTftpCounters(options.metrics);
  // A flood hits these by the thousand: one line per 10 s (the metrics count every refusal).
  const warnBusy = throttledLog(logger, 'warn', 'tftp: server busy');
  const warnPerIp = throttledLog(logger, 'warn', 'tftp: per-address limit reached');
  const evict = (session: Session) => {
    if (session.transfer) return session.transfer.evict(); // onDone releases it and counts `evicted`
    sessions.release(session); // still looking its file up (or binding): the late result is dropped
    counters.result('evicted');
  };
  // An address's unanswered session older than one timer period may give its slot to a newer request.
  const sessions = new SessionTable(options.maxTransfers ?? 2048, options.maxTransfersPerIp ?? 8, evict, limits.defaultTimeoutMs);
  const netascii = new WeakMap<Buffer, Buffer>(); // rendered files are reused: encode each once
  let listener: Socket | undefined;
  let host = '0.0.0.0';
  let closing = false;
  let started = 0;

  const reply = (rinfo: RemoteInfo, code: number, message: string) => {
    listener?.send(buildError(code, message), rinfo.port, rinfo.address);
    counters.errorSent(code);
  };

  const onMessage = (msg: Buffer, rinfo: RemoteInfo) => {
    if (closing || rinfo.port === 0) return;
    const packet = parsePacket(msg);
    switch (packet.op) {
      case 'rrq':
        return onRead(packet, rinfo);
      case 'wrq':
        counters.result('denied');
        return reply(rinfo, ErrorCode.ACCESS_VIOLATION, 'Access violation: read-only server');
      case 'error':
        return; // Never answer an ERROR with an ERROR.
      case 'invalid':
        if (msg[0] === 0 && msg[1] === Opcode.ERROR) return; // Nor a truncated one.
        return reply(rinfo, ErrorCode.ILLEGAL_OPERATION, `Illegal TFTP operation: ${packet.reason}`);
      default:
        return reply(rinfo, ErrorCode.ILLEGAL_OPERATION, 'Illegal TFTP operation: only requests are accepted here');
    }
  };

  const onRead = (request: RequestPacket, rinfo: RemoteInfo) => {
    const key = SessionTable.key(rinfo.address, rinfo.port);
    const current = sessions.get(key);
    if (current) {
      // Before the client ACKs anything on the new TID, a repeated RRQ is its retry: ignore it.
      // After, it is the client's next request (its final ACK may still be in flight): end the old one.
      if (!current.transfer?.answered) return;
      current.transfer.supersede();
    }
    const log = { ip: rinfo.address, port: rinfo.port, file: request.filename };
    const name = checkFilename(request.filename);
    if (!name.ok) {
      logger.debug({ ...log, reason: name.reason }, 'tftp: refused file name');
      counters.result('denied');
      reply(rinfo, ErrorCode.ACCESS_VIOLATION, 'Access violation');
      return options.onBadName?.(plainAddress(rinfo.address), request.filename);
    }
    const mode = request.mode.toLowerCase();
    if (mode !== 'octet' && mode !== 'netascii') {
      counters.result('error');
      return reply(rinfo, ErrorCode.ILLEGAL_OPERATION, mode === 'mail' ? 'Mail mode not supported' : 'Unknown transfer mode');
    }
    const session = sessions.admit(key, rinfo.address, rinfo.port);
    if (typeof session === 'string') {
      (session === 'busy' ? warnBusy : warnPerIp)({ ...log, active: sessions.size });
      counters.result('denied');
      return reply(rinfo, ErrorCode.NOT_DEFINED, session === 'busy' ? 'Server busy, try again later' : 'Too many transfers from this address');
    }
    const fail = (result: 'error' | 'notfound' | 'denied', code: number, message: string) => {
      sessions.release(session);
      counters.result(result);
      reply(rinfo, code, message);
    };
    const guard = setTimeout(() => {
      if (session.closed) return;
      logger.error(log, 'tftp: file lookup did not settle in time');
      fail('error', ErrorCode.NOT_DEFINED, 'Internal error');
    }, ttlMs);
    getFile(name.name, { address: plainAddress(rinfo.address), port: rinfo.port }).then(
      (file) => {
        clearTimeout(guard);
        if (session.closed) return;
        if (!file) return fail('notfound', ErrorCode.FILE_NOT_FOUND, 'File not found');
        if (!Buffer.isBuffer(file) && 'code' in file) return fail('denied', file.code, file.message);
        if (!Buffer.isBuffer(file)) {
          if (mode === 'netascii') return fail('error', ErrorCode.NOT_DEFINED, 'Binary file: use octet mode');
          return void openDiskSource(file.path, file.size).then(
            (source) => (session.closed ? source.close() : startTransfer(session, rinfo, request, source, () => source.close())),
            () => session.closed || fail('notfound', ErrorCode.FILE_NOT_FOUND, 'File not found')
          );
        }
        let data = file;
        if (mode === 'netascii') {
          data = netascii.get(file) ?? toNetascii(file);
          netascii.set(file, data);
        }
        startTransfer(session, rinfo, request, data);
      },
      (err: unknown) => {
        clearTimeout(guard);
        if (session.closed) return;
        logger.error({ ...log, err: err instanceof Error ? err.message : String(err) }, 'tftp: file lookup failed');
        fail('error', ErrorCode.NOT_DEFINED, 'Internal error');
      }
    );
  };

  /** Binds the transfer's own socket (its TID) and runs the transfer on it. */
  const startTransfer = (session: Session, rinfo: RemoteInfo, request: RequestPacket, data: BlockSource, onEnd = () => {}) => {
    const neg = negotiate(request.options, data.length, limits);
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    session.socket = socket;
    const log = { ip: rinfo.address, port: rinfo.port, file: request.filename };
    socket.on('error', (err) => {
      logger.warn({ ...log, err: err.message }, 'tftp: transfer socket error');
      if (session.transfer) return session.transfer.abort();
      if (!session.closed) counters.result('error');
      sessions.release(session);
      onEnd();
    });
    socket.bind(0, host, () => {
      if (session.closed) return onEnd();
      const oack = neg.oack.length > 0 ? buildOack(neg.oack) : null;
      const transfer = new Transfer({ socket, address: rinfo.address, port: rinfo.port, data, ...neg, retries, ttlMs, unansweredSends, oack }, {
        onAnswered: () => sessions.answered(session),
        onRetransmit: counters.retransmits,
        onBytes: counters.bytes,
        onErrorSent: counters.errorSent,
        onDone: (result, detail) => {
          sessions.release(session);
          onEnd();
          if (closing) return;
          counters.result(result);
          if (result === 'ok') logger.debug({ ...log, mode: request.mode, bytes: data.length, options: neg.oack.flat().join(' ') }, 'tftp: transfer complete');
          // A flood of spoofed requests ends this way by the thousand: not worth an info line each.
          else if (result === 'unanswered' || result === 'evicted') logger.debug({ ...log, result, detail }, 'tftp: transfer ended');
          else logger.info({ ...log, result, detail }, 'tftp: transfer ended');
        },
      });
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
    async close() {
      closing = true;
      const socket = listener;
      listener = undefined;
      // Every client in flight hears ERROR 0 before its socket closes (not silence until its timeout).
      const sent: Promise<unknown>[] = [];
      for (const session of sessions.all()) {
        if (session.transfer && session.socket) {
          sent.push(once(session.socket, 'close').catch(() => undefined));
          session.transfer.shutdown(); // ERROR from the transfer's TID; onDone releases the session
          continue;
        }
        sessions.release(session);
        if (socket) sent.push(new Promise((r) => socket.send(buildError(ErrorCode.NOT_DEFINED, SHUTTING_DOWN), session.port, session.ip, r)));
      }
      // A send that never completes must not hold the stop: dgram sends to a live route take microseconds.
      await Promise.race([Promise.all(sent), new Promise((r) => setTimeout(r, 1_000).unref())]);
      if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
    stats: {
      get active() { return sessions.size; },
      get activeIps() { return sessions.ips; },
      get unanswered() { return sessions.unansweredCount; },
      get started() { return started; },
    },
  };
}

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack listener) -> `192.0.2.1`; others unchanged. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}
