/**
 * @module Sends one SIP NOTIFY over UDP as an RFC 3261 §17.1.2 non-INVITE client transaction:
 * retransmitted on timer E (T1, doubling up to T2; every T2 once a provisional answer came),
 * given up on timer F, so every send ends with a result, never a hang; a Digest challenge is
 * answered once (a second transaction). One socket per NOTIFY, connected to the phone: the kernel
 * picks the local address the phone can reach (that is what Via and Contact carry) and only the
 * phone's datagrams are read.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import { digestAuthorization, parseDigestChallenge, type DigestCredentials } from './digest.js';
import { BRANCH_COOKIE, buildNotify, notifyUri, parseSipResponse, type NotifyRequest, type SipEndpoint } from './sip-message.js';

/** RFC 3261 §17.1.2.2 defaults: T1 500 ms, T2 4 s; timer F is 64·T1 = 32 s. */
export const SIP_T1_MS = 500;
export const SIP_T2_MS = 4000;

/** What came of one NOTIFY. */
export interface NotifyOutcome {
  /**
   * `ok`: a 2xx answer; `rejected`: a final answer 300-699 (`status`, `reason`; a 401/407 left
   * is a challenge not answered or credentials refused, see `detail`); `no_answer`: no final answer before
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
  /** The phone account's credentials, to answer a Digest challenge once (absent: a 401/407 is reported). */
  readonly credentials?: DigestCredentials;
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
  return { send: (notify) => sendWithDigest(notify, { t1, t2, timeoutMs }) };
}

/** Fresh ids for one request: a branch with the magic cookie, a Call-ID, a From tag. */
export function newNotifyIds(): { branch: string; callId: string; fromTag: string } {
  const hex = (n: number) => randomBytes(n).toString('hex');
  return { branch: `${BRANCH_COOKIE}${hex(10)}`, callId: `${hex(12)}@provd`, fromTag: hex(6) };
}

// --- internal ---

/**
 * One transaction; when the phone challenges it (401/407) and credentials are given, one more
 * with the Digest answer (same Call-ID and From tag, CSeq 2, a new branch: RFC 3261 §22.2).
 * Each transaction has its own timer F, so a challenged NOTIFY takes at most twice the timeout.
 */
async function sendWithDigest(notify: NotifyTarget, timers: Timers): Promise<NotifyOutcome> {
  const link = await openLink(notify.target);
  if ('error' in link) return { result: 'no_answer', detail: `cannot send to ${notify.target.host}:${notify.target.port}: ${link.error}`, transmissions: 0, elapsedMs: 0 };
  try {
    const ids = newNotifyIds();
    const first = await runTransaction(link, notify, timers, { ...ids, cseq: 1 });
    if (!first.challenge) return first.outcome;
    if (!notify.credentials) return { ...first.outcome, detail: 'the phone asks for Digest credentials, and none were given' };
    const challenge = parseDigestChallenge(first.challenge.value);
    if (!challenge) return { ...first.outcome, detail: 'the phone asks for a Digest form this server does not answer (only MD5 or SHA-256 with qop auth)' };
    const authorization = {
      header: first.challenge.status === 407 ? ('Proxy-Authorization' as const) : ('Authorization' as const),
      value: digestAuthorization(challenge, notify.credentials, 'NOTIFY', notifyUri(notify)),
    };
    const second = await runTransaction(link, notify, timers, { ...ids, branch: newNotifyIds().branch, cseq: 2, authorization });
    const outcome = second.challenge ? { ...second.outcome, detail: 'the phone refused the account\'s credentials' } : second.outcome;
    return { ...outcome, transmissions: first.outcome.transmissions + outcome.transmissions, elapsedMs: first.outcome.elapsedMs + outcome.elapsedMs };
  } finally {
    link.socket.close();
  }
}

/** The ids and extras of one request of a transaction. */
type RequestIds = Pick<NotifyRequest, 'branch' | 'callId' | 'fromTag' | 'cseq' | 'authorization'>;

interface Timers {
  readonly t1: number;
  readonly t2: number;
  readonly timeoutMs: number;
}

/**
 * A UDP socket connected to the phone, shared by the transactions of one NOTIFY (a challenged
 * NOTIFY is answered from the same address and port, as phones expect of one Call-ID).
 * `refused` is set once the phone's address answered ICMP port unreachable.
 */
interface Link {
  readonly socket: Socket;
  readonly local: SipEndpoint;
  refused: boolean;
}

function openLink(target: SipEndpoint): Promise<Link | { error: string }> {
  const socket = createSocket(isIPv6(target.host) ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    let link: Link | undefined;
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (link) link.refused ||= err.code === 'ECONNREFUSED';
      else {
        socket.close();
        resolve({ error: err.code ?? err.message });
      }
    });
    socket.connect(target.port, target.host, () => {
      const { address, port } = socket.address();
      resolve((link = { socket, local: { host: address, port }, refused: false }));
    });
  });
}

/** A transaction's outcome, and the challenge header when the phone answered 401/407 with one. */
interface TransactionEnd {
  readonly outcome: NotifyOutcome;
  readonly challenge?: { readonly status: number; readonly value: string };
}

function runTransaction(link: Link, notify: NotifyTarget, timers: Timers, ids: RequestIds): Promise<TransactionEnd> {
  const started = performance.now();
  const datagram = Buffer.from(buildNotify({ target: notify.target, user: notify.user, event: notify.event, ...ids, local: link.local }), 'utf8');
  let transmissions = 0;
  return new Promise<TransactionEnd>((resolve) => {
    let retransmit: NodeJS.Timeout | undefined;
    let interval = timers.t1;
    let proceeding = false;
    let done = false;
    const finish = (outcome: Omit<NotifyOutcome, 'transmissions' | 'elapsedMs'>, challenge?: TransactionEnd['challenge']) => {
      if (done) return;
      done = true;
      clearTimeout(retransmit);
      clearTimeout(timerF);
      link.socket.off('message', onMessage);
      resolve({ outcome: { ...outcome, transmissions, elapsedMs: Math.round(performance.now() - started) }, ...(challenge ? { challenge } : {}) });
    };
    const timerF = setTimeout(() => {
      finish({ result: 'no_answer', detail: link.refused ? 'the phone\'s address answered "port unreachable"' : `no final answer within ${timers.timeoutMs} ms` });
    }, timers.timeoutMs);
    const transmit = () => {
      if (done) return;
      transmissions += 1;
      link.socket.send(datagram, (err) => {
        // ECONNREFUSED (ICMP port unreachable) is not final: the phone may be starting up.
        if (err) link.refused ||= (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      });
    };
    const scheduleE = () => {
      retransmit = setTimeout(() => {
        transmit();
        interval = proceeding ? timers.t2 : Math.min(2 * interval, timers.t2);
        scheduleE();
      }, interval);
    };
    function onMessage(msg: Buffer) {
      const answer = parseSipResponse(msg);
      // Only answers to this transaction (RFC 3261 §17.1.3: top Via branch and CSeq method).
      if (!answer || answer.branch !== ids.branch || answer.cseqMethod !== 'NOTIFY') return;
      if (answer.status < 200) {
        proceeding = true;
        interval = timers.t2;
        return;
      }
      if (answer.status < 300) return finish({ result: 'ok', status: answer.status, reason: answer.reason });
      const challenged = (answer.status === 401 || answer.status === 407) && answer.challenge !== undefined;
      finish({ result: 'rejected', status: answer.status, reason: answer.reason }, challenged ? { status: answer.status, value: answer.challenge! } : undefined);
    }
    link.socket.on('message', onMessage);
    transmit();
    scheduleE();
  });
}
