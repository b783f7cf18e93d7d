/**
 * @module The table of TFTP sessions in flight, keyed by client address and port (a repeated RRQ
 * from the same pair is recognised), with the global and per-address caps.
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

  constructor(private readonly maxSessions: number, private readonly maxPerIp: number) {}

  static key(address: string, port: number): string {
    return `${address} ${port}`;
  }

  get(key: string): Session | undefined {
    return this.sessions.get(key);
  }

  /** Registers a session, or says which cap refuses it. */
  admit(key: string, ip: string, port: number): Session | 'busy' | 'per-ip' {
    if (this.sessions.size >= this.maxSessions) return 'busy';
    const n = this.perIp.get(ip) ?? 0;
    if (n >= this.maxPerIp) return 'per-ip';
    const session: Session = { key, ip, port, closed: false };
    this.sessions.set(key, session);
    this.perIp.set(ip, n + 1);
    return session;
  }

  /** Marks the session closed, frees its slot and closes its socket; idempotent. */
  release(session: Session): void {
    session.closed = true;
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
}
