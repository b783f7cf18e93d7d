/**
 * @module The table of TFTP sessions in flight, keyed by client address and port (a repeated RRQ
 * from the same pair is recognised), with the global and per-address caps.
 *
 * Contract (slot exhaustion, issue 12): a session is *unanswered* from its RRQ until the client's
 * first ACK on the transfer's TID. Spoofed requests never get that far, so when the table is full
 * a new request evicts the oldest unanswered session instead of being refused; only a table full
 * of answered transfers (clients that proved their address) answers "busy". An address at its
 * own cap is refused, unless its oldest unanswered session has gone `staleAfterMs` (one timer
 * period) without an ACK: that one is evicted. Forged requests in a phone's name therefore cannot
 * lock the phone out, and still earn at most one admission per slot per period.
 */
import type { Socket } from 'node:dgram';
import type { Transfer } from './transfer.js';

/** One read request from lookup to the end of its transfer. */
export interface Session {
  readonly key: string;
  readonly ip: string;
  /** The client's port (its TID), for an ERROR sent before the transfer has a socket. */
  readonly port: number;
  /** When it was admitted (ms, the table's clock). */
  readonly since: number;
  /** Set once released: late lookups and callbacks must then do nothing. */
  closed: boolean;
  socket?: Socket;
  transfer?: Transfer;
}

export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly perIp = new Map<string, number>();
  /** Sessions without an ACK from their client yet, oldest first (a Set keeps insertion order). */
  private readonly unanswered = new Set<Session>();
  /** The same, per address. */
  private readonly unansweredByIp = new Map<string, Set<Session>>();

  /** `evict` ends an evicted session (silently: its client never answered) and must release it. */
  constructor(
    private readonly maxSessions: number,
    private readonly maxPerIp: number,
    private readonly evict: (session: Session) => void,
    private readonly staleAfterMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now
  ) {}

  static key(address: string, port: number): string {
    return `${address} ${port}`;
  }

  get(key: string): Session | undefined {
    return this.sessions.get(key);
  }

  /** Registers a session (evicting the oldest unanswered one when full), or says which cap refuses it. */
  admit(key: string, ip: string, port: number): Session | 'busy' | 'per-ip' {
    const now = this.now();
    if ((this.perIp.get(ip) ?? 0) >= this.maxPerIp) {
      const stale = this.unansweredByIp.get(ip)?.values().next().value;
      if (!stale || now - stale.since < this.staleAfterMs) return 'per-ip';
      this.drop(stale);
    }
    if (this.sessions.size >= this.maxSessions) {
      const oldest = this.unanswered.values().next().value;
      if (!oldest) return 'busy';
      this.drop(oldest);
    }
    const session: Session = { key, ip, port, since: now, closed: false };
    this.sessions.set(key, session);
    this.unanswered.add(session);
    const mine = this.unansweredByIp.get(ip) ?? new Set<Session>();
    mine.add(session);
    this.unansweredByIp.set(ip, mine);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    return session;
  }

  /** The client ACKed on the session's TID: it can no longer be evicted. */
  answered(session: Session): void {
    this.forget(session);
  }

  /** Marks the session closed, frees its slot and closes its socket; idempotent. */
  release(session: Session): void {
    session.closed = true;
    this.forget(session);
    if (this.sessions.get(session.key) !== session) return;
    this.sessions.delete(session.key);
    const n = (this.perIp.get(session.ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(session.ip);
    else this.perIp.set(session.ip, n);
    session.socket?.close();
  }

  /** Evicts a session: the callback ends it and must release it; never leak a slot if it did not. */
  private drop(session: Session): void {
    this.evict(session);
    if (!session.closed) this.release(session);
  }

  /** Removes a session from the unanswered sets. */
  private forget(session: Session): void {
    this.unanswered.delete(session);
    const mine = this.unansweredByIp.get(session.ip);
    if (!mine) return;
    mine.delete(session);
    if (mine.size === 0) this.unansweredByIp.delete(session.ip);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  get size(): number {
    return this.sessions.size;
  }

  get ips(): number {
    return this.perIp.size;
  }

  /** Sessions whose client has not ACKed anything yet. */
  get unansweredCount(): number {
    return this.unanswered.size;
  }
}
