/**
 * @module The TFTP server's Prometheus counters: provd_tftp_transfers_total{result},
 * provd_tftp_retransmits_total, provd_tftp_bytes_sent_total, provd_tftp_errors_sent_total{code}.
 * Label objects are made once, so counting on the packet path allocates nothing.
 */
import type { Metrics } from '../metrics.js';
import type { TransferResult } from './transfer.js';

/** How a read request ended: a transfer result, or refused before any transfer. */
export type RequestResult = TransferResult | 'denied' | 'notfound';

export interface TftpCounters {
  /** One per read (or write) request, by how it ended. */
  result(result: RequestResult): void;
  errorSent(code: number): void;
  /** DATA or OACK packets resent on a timeout. */
  retransmits(packets: number): void;
  /** DATA payload bytes handed to a socket, retransmissions included. */
  bytes(bytes: number): void;
}

export function createTftpCounters(metrics: Metrics): TftpCounters {
  const transfers = metrics.counter('provd_tftp_transfers_total', 'TFTP read requests by result');
  const retransmits = metrics.counter('provd_tftp_retransmits_total', 'TFTP packets retransmitted on timeout');
  const bytesSent = metrics.counter('provd_tftp_bytes_sent_total', 'TFTP DATA payload bytes sent, retransmissions included');
  const errorsSent = metrics.counter('provd_tftp_errors_sent_total', 'TFTP ERROR packets sent by code');
  const codeLabels = Array.from({ length: 9 }, (_, code) => ({ code: String(code) }));
  const resultLabels = new Map<RequestResult, { result: string }>();
  return {
    result(result) {
      let labels = resultLabels.get(result);
      if (!labels) resultLabels.set(result, (labels = { result }));
      transfers.inc(labels);
    },
    errorSent: (code) => errorsSent.inc(codeLabels[code] ?? { code: String(code) }),
    retransmits: (packets) => retransmits.inc(undefined, packets),
    bytes: (bytes) => bytesSent.inc(undefined, bytes),
  };
}
