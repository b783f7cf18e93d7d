/**
 * @module Sends one SIP NOTIFY over UDP as an RFC 3261 §17.1.2 non-INVITE client transaction:
 * retransmitted on timer E (T1, doubling up to T2; every T2 once a provisional answer came),
 * given up on timer F, so every send ends with a result, never a hang. One socket per
 * transaction, connected to the phone: the kernel picks the local address the phone can reach
 * (that is what Via and Contact carry) and only the phone's datagrams are read.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BRANCH_COOKIE, buildNotify, parseSipResponse, type SipEndpoint } from './sip-message.js';

/** RFC 3261 §17.1.2.2 defaults: T1 500 ms, T2 4 s; timer F is 64·T1 = 32 s. */
export const SIP_T1_MS = 500;
export const SIP_T2_MS = 4000;

/** What came of one NOTIFY. */
export interface NotifyOutcome {
  /**
   * `ok`: a 2xx answer; `rejected`: a final answer 300-699 (`status`, `reason`; a 401/407 means
   * the phone wants Digest credentials, see `detail`); `no_answer`: no final answer before
   * timer F (nothing listens, the phone drops NOTIFYs it does not trust, or it is off).
   */
  readonly result: 'ok' | 'rejected' | 'no_answer';
  readonly status?: number;
  readonly reason?: string;
  /** Why, in words, when the status alone does not say it. */
  readonly detail?: string;
  /** Datagrams sent (1 = no retransmission was needed). */
  readonly transmissions: number;
  readonly elapsedMs: number;
}

export interface NotifySenderOptions {
  /** Timer F: how long to wait for a final answer, ms (default 64·T1 = 32,000). */
  readonly timeoutMs?: number;
  readonly t1Ms?: number;
  readonly t2Ms?: number;
}

/** One NOTIFY to send. */
export interface NotifyTarget {
  readonly target: SipEndpoint;
  /** Request-URI / To user (the phone's extension). */
  readonly user: string;
  /** `Event` header value. */
  readonly event: string;
}

export interface NotifySender {
  /** Sends and waits for the final answer or timer F. Never rejects for network reasons. */
  send(notify: NotifyTarget): Promise<NotifyOutcome>;
}

/** Builds a sender; every send opens its own socket and closes it when it ends. */
export function createNotifySender(options: NotifySenderOptions = {}): NotifySender {
  const t1 = options.t1Ms ?? SIP_T1_MS;
  const t2 = options.t2Ms ?? SIP_T2_MS;
  const timeoutMs = options.timeoutMs ?? 64 * t1;
  return { send: (notify) => runTransaction(notify, { t1, t2, timeoutMs }) };
}

/** Fresh ids for one request: a branch with the magic cookie, a Call-ID, a From tag. */
export function newNotifyIds(): { branch: string; callId: string; fromTag: string } {
  const hex = (n: number) => randomBytes(n).toString('hex');
  return { branch: `${BRANCH_COOKIE}${hex(10)}`, callId: `${hex(12)}@provd`, fromTag: hex(6) };
}

// --- internal ---

interface Timers {
  readonly t1: number;
  readonly t2: number;
  readonly timeoutMs: number;
}

function runTransaction(notify: NotifyTarget, timers: Timers): Promise<NotifyOutcome> {
  const started = performance.now();
  const socket = createSocket(isIPv6(notify.target.host) ? 'udp6' : 'udp4');
  const ids = newNotifyIds();
  let transmissions = 0;
  let refused = false;
  return new Promise<NotifyOutcome>((resolve) => {
    let retransmit: NodeJS.Timeout | undefined;
    let interval = timers.t1;
    let proceeding = false;
    let done = false;
    const finish = (outcome: Omit<NotifyOutcome, 'transmissions' | 'elapsedMs'>) => {
      if (done) return;
      done = true;
      clearTimeout(retransmit);
      clearTimeout(timerF);
      socket.close();
      resolve({ ...outcome, transmissions, elapsedMs: Math.round(performance.now() - started) });
    };
    const timerF = setTimeout(() => {
      finish({ result: 'no_answer', detail: refused ? 'the phone\'s address answered "port unreachable"' : `no final answer within ${timers.timeoutMs} ms` });
    }, timers.timeoutMs);
    let datagram: Buffer = Buffer.alloc(0);
    const transmit = () => {
      if (done) return;
      transmissions += 1;
      socket.send(datagram, (err) => {
        // ECONNREFUSED (ICMP port unreachable) is not final: the phone may be starting up.
        if (err) refused ||= (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      });
    };
    const scheduleE = () => {
      retransmit = setTimeout(() => {
        transmit();
        interval = proceeding ? timers.t2 : Math.min(2 * interval, timers.t2);
        scheduleE();
      }, interval);
    };
    socket.on('error', (err: NodeJS.ErrnoException) => {
      refused ||= err.code === 'ECONNREFUSED';
    });
    socket.on('message', (msg) => {
      const answer = parseSipResponse(msg);
      // Only answers to this transaction (RFC 3261 §17.1.3: top Via branch and CSeq method).
      if (!answer || answer.branch !== ids.branch || answer.cseqMethod !== 'NOTIFY') return;
      if (answer.status < 200) {
        proceeding = true;
        interval = timers.t2;
        return;
      }
      if (answer.status < 300) return finish({ result: 'ok', status: answer.status, reason: answer.reason });
      const challenged = answer.status === 401 || answer.status === 407;
      finish({
        result: 'rejected',
        status: answer.status,
        reason: answer.reason,
        ...(challenged ? { detail: 'the phone asks for Digest credentials (it authenticates NOTIFY); turn that off in its SIP settings' } : {}),
      });
    });
    socket.connect(notify.target.port, notify.target.host, () => {
      const local = socket.address();
      datagram = Buffer.from(buildNotify({ ...notify, ...ids, cseq: 1, local: { host: local.address, port: local.port } }), 'utf8');
      transmit();
      scheduleE();
    });
  });
}
