/** @module The TFTP server's public contract: options (file lookup, limits, timers), handle and stats. */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/** The requesting client; an IPv4 client of a dual-stack (`::`) listener is given in IPv4 form. */
export interface TftpRemote {
  readonly address: string;
  readonly port: number;
}

/** An ERROR packet getFile asks the server to answer instead of the file (counted as `denied`). */
export interface TftpRefusal {
  readonly code: number;
  readonly message: string;
}

/**
 * A file too big to hold (uploaded firmware), read block by block from `path` while it is sent
 * (the descriptor stays open for the transfer, so a replaced file is sent whole as it was).
 * Octet mode only: a netascii request for it gets ERROR 0.
 */
export interface TftpDiskFile {
  readonly path: string;
  readonly size: number;
}

export interface TftpServerOptions {
  /**
   * The file's bytes (or a `TftpDiskFile`), or undefined when there is no such file (ERROR 1), or a `TftpRefusal` to
   * send as it is (a throttled source: ERROR 0 with a retry time). May throw (ERROR 0).
   * `filename` has passed the name checks (leading `/` stripped). The Buffer is sent by reference
   * and must not change afterwards (rendered bytes are immutable); netascii encodings are cached per Buffer.
   */
  getFile(filename: string, remote: TftpRemote): Promise<Buffer | TftpDiskFile | TftpRefusal | undefined>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Told of a request refused for its file name (ERROR 2), after the answer is sent. */
  readonly onBadName?: (address: string, filename: string) => void;
  /** Sessions in flight, lookups included (default 2048); when full, the oldest never-ACKed one is evicted. */
  readonly maxTransfers?: number;
  /**
   * Sessions in flight per client address (default 8). At the cap, the address's oldest session
   * without an ACK for one timer period (`timeoutMs`) is evicted for a new request.
   */
  readonly maxTransfersPerIp?: number;
  /** Times the OACK or DATA 1 is sent before the client's first ACK, then the transfer ends silently (default 2). */
  readonly unansweredSends?: number;
  /** Largest `timeout` option acknowledged, seconds (default 10); larger ones are left out of the OACK. */
  readonly maxTimeoutSeconds?: number;
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
  /** Sessions whose client has not ACKed anything yet (evictable). */
  readonly unanswered: number;
  /** Client addresses with sessions in flight. */
  readonly activeIps: number;
  /** Transfers that started sending since creation. */
  readonly started: number;
}

export interface TftpServer {
  /** Binds the listening socket; resolves with the bound port (use 0 in tests). */
  listen(port: number, host: string): Promise<number>;
  /** Ends every session with ERROR 0 "Server shutting down", then closes the listening socket. */
  close(): Promise<void>;
  readonly stats: TftpStats;
}
