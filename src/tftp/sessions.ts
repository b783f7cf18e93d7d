/**
 * @module The table of TFTP sessions in flight, keyed by client address and port (a repeated RRQ
 * from the same pair is recognised), with the global and per-address caps.
 *
 * Contract (slot exhaustion, issue 12): a session is *unanswered* from its RRQ until the client's
 * first ACK on the transfer's TID. Spoofed requests never get that far, so when the table is full
 * a new request evicts the oldest unanswered session instead of being refused; only a table full
 * of answered transfers (clients that proved their address) answers "busy". The per-address cap
 * is never relieved by eviction: an address over it is refused.
 */
import type { Socket } from 'node:dgram';
import type { Transfer } from './transfer.js';

/** One read request from lookup to the end of its transfer. */
export interface Session {
  readonly key: string;
  readonly ip: string;
  /** The client's port (its TID), for an ERROR sent before the transfer has a socket. */
  readonly port: number;
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

  /** `evict` ends an evicted session (silently: its client never answered) and must release it. */
  constructor(
    private readonly maxSessions: number,
    private readonly maxPerIp: number,
    private readonly evict: (session: Session) => void
  ) {}

  static key(address: string, port: number): string {
    return `${address} ${port}`;
  }

  get(key: string): Session | undefined {
    return this.sessions.get(key);
  }

  /** Registers a session (evicting the oldest unanswered one when full), or says which cap refuses it. */
  admit(key: string, ip: string, port: number): Session | 'busy' | 'per-ip' {
    const n = this.perIp.get(ip) ?? 0;
    if (n >= this.maxPerIp) return 'per-ip';
    if (this.sessions.size >= this.maxSessions) {
      const oldest = this.unanswered.values().next();
      if (oldest.done) return 'busy';
      this.evict(oldest.value);
      if (!oldest.value.closed) this.release(oldest.value); // the callback must release; never leak a slot
    }
    const session: Session = { key, ip, port, closed: false };
    this.sessions.set(key, session);
    this.unanswered.add(session);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    return session;
  }

  /** The client ACKed on the session's TID: it can no longer be evicted. */
  answered(session: Session): void {
    this.unanswered.delete(session);
  }

  /** Marks the session closed, frees its slot and closes its socket; idempotent. */
  release(session: Session): void {
    session.closed = true;
    this.unanswered.delete(session);
    if (this.sessions.get(session.key) !== session) return;
    this.sessions.delete(session.key);
    const n = (this.perIp.get(session.ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(session.ip);
    else this.perIp.set(session.ip, n);
    session.socket?.close();
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
