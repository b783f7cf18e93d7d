/**
 * @module Connection caps for one node:http(s) listener (issue 12 §1 "Connections"): at most
 * `max` TCP connections and `perAddress` from one client address, decided when the connection is
 * accepted, before any byte is parsed or any TLS handshake is done.
 *
 * Contracts:
 * - A connection is *idle* while no request is in flight on it: just accepted, between keep-alive
 *   requests, or still sending its headers. Only idle connections are ever closed to make room.
 * - A new connection from an address at `perAddress` closes that address's longest-idle
 *   connection; at `max`, the listener's longest-idle connection. With nothing idle to close, the
 *   new connection is refused (destroyed at once). So idle sockets (a flood, or forgotten
 *   keep-alives) never keep a new client out, and a NAT'd office with many phones on one address
 *   keeps being served: its own oldest idle connections are recycled.
 * - Pressure: above half of `max` open, the keep-alive idle limit drops to `idleUnderPressureMs`
 *   and connections idle longer than that are closed (swept each second); back under half, the
 *   listener's own keep-alive timeout applies again.
 * - Each listener gets its own guard and budget: the admin API never shares the phone path's.
 * - Metrics: provd_http_connections{listener} (open), provd_http_connections_closed_total{listener,
 *   reason=per_address|max|pressure} (closed to make room or under pressure) and
 *   provd_http_connections_refused_total{listener, reason=per_address|max}. Refusals and the
 *   start of pressure are logged at most once per 10 s each.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isIPv4, type Socket } from 'node:net';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { throttledLog } from '../observability/log-throttle.js';

export interface ConnectionLimits {
  /** Open connections on this listener (per process). */
  readonly max: number;
  /** Open connections from one client address. */
  readonly perAddress: number;
  /** Keep-alive idle limit above half of `max`, ms. */
  readonly idleUnderPressureMs: number;
}

export interface ConnectionStats {
  readonly open: number;
  readonly idle: number;
  readonly underPressure: boolean;
}

export interface ConnectionGuard {
  readonly stats: ConnectionStats;
  /** Stops the pressure sweep (the server's close ends the connections). */
  stop(): void;
}

interface Conn {
  readonly socket: Socket;
  readonly address: string;
  readonly key: string;
  inFlight: number;
  idleSince: number;
  gone: boolean;
}

type Reason = 'per_address' | 'max' | 'pressure';

/** Installs the caps on `server` (before it listens); `listener` names it in metrics. */
export function guardConnections(server: Server, listener: string, limits: ConnectionLimits, metrics: Metrics, logger?: Logger): ConnectionGuard {
  const conns = new Map<string, Conn>();
  const byAddress = new Map<string, Set<Conn>>();
  /** Idle connections, longest idle first (re-inserted each time one becomes idle). */
  const idle = new Set<Conn>();
  const normalKeepAlive = server.keepAliveTimeout;
  const sweepEveryMs = Math.min(1_000, limits.idleUnderPressureMs);
  let sweeper: NodeJS.Timeout | undefined;

  const open = metrics.gauge('provd_http_connections', 'Open TCP connections by listener');
  const closedFor = metrics.counter('provd_http_connections_closed_total', 'Idle connections closed to make room or under pressure');
  const refusedFor = metrics.counter('provd_http_connections_refused_total', 'Connections refused at accept by a cap');
  const label = (reason: Reason) => ({ listener, reason });
  const logRefusal = logger ? throttledLog(logger, 'warn', 'http: connection refused: every connection is busy at the cap') : () => {};
  const logPressure = logger ? throttledLog(logger, 'warn', 'http: connection pressure: keep-alive shortened, idle connections swept') : () => {};
  const gauge = { listener };

  const drop = (conn: Conn) => {
    if (conn.gone) return;
    conn.gone = true;
    conns.delete(conn.key);
    idle.delete(conn);
    const mine = byAddress.get(conn.address);
    mine?.delete(conn);
    if (mine?.size === 0) byAddress.delete(conn.address);
    open.set(gauge, conns.size);
    pressure();
  };
  const close = (conn: Conn, reason: Reason) => {
    closedFor.inc(label(reason));
    drop(conn);
    conn.socket.destroy();
  };
  const becomeIdle = (conn: Conn) => {
    conn.idleSince = Date.now();
    idle.delete(conn);
    idle.add(conn);
  };

  const sweep = () => {
    const before = Date.now() - limits.idleUnderPressureMs;
    for (const conn of idle) {
      if (conn.idleSince > before) break; // the rest went idle later
      close(conn, 'pressure');
    }
  };
  const pressure = () => {
    const under = conns.size > limits.max / 2;
    if (under && !sweeper) {
      logPressure({ listener, open: conns.size, max: limits.max, idleMs: limits.idleUnderPressureMs });
      server.keepAliveTimeout = Math.min(normalKeepAlive || Infinity, limits.idleUnderPressureMs);
      sweeper = setInterval(sweep, sweepEveryMs).unref();
    } else if (!under && sweeper) {
      server.keepAliveTimeout = normalKeepAlive;
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };

  const oldestIdle = (candidates: Iterable<Conn>): Conn | undefined => {
    let best: Conn | undefined;
    for (const c of candidates) if (c.inFlight === 0 && (!best || c.idleSince < best.idleSince)) best = c;
    return best;
  };

  // Prepended: the decision comes before node's own HTTP/TLS handling of the socket.
  server.prependListener('connection', (socket: Socket) => {
    const key = connKey(socket);
    if (!key) return void socket.destroy(); // already gone (reset before accept)
    const address = plainAddress(socket.remoteAddress!);
    const mine = byAddress.get(address);
    if (mine && mine.size >= limits.perAddress) {
      const victim = oldestIdle(mine);
      if (!victim) return refuse(socket, 'per_address');
      close(victim, 'per_address');
    }
    if (conns.size >= limits.max) {
      const victim = idle.values().next();
      if (victim.done) return refuse(socket, 'max');
      close(victim.value, 'max');
    }
    const conn: Conn = { socket, address, key, inFlight: 0, idleSince: Date.now(), gone: false };
    conns.set(key, conn);
    idle.add(conn);
    const set = byAddress.get(address) ?? new Set<Conn>();
    set.add(conn);
    byAddress.set(address, set);
    socket.once('close', () => drop(conn));
    open.set(gauge, conns.size);
    pressure();
  });

  // req.socket is the TLSSocket on HTTPS: the raw connection is found by its address and port.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const key = connKey(req.socket);
    const conn = key === undefined ? undefined : conns.get(key);
    if (!conn) return;
    conn.inFlight++;
    idle.delete(conn);
    res.once('close', () => {
      conn.inFlight--;
      if (conn.inFlight === 0 && !conn.gone) becomeIdle(conn);
    });
  });

  const refuse = (socket: Socket, reason: 'per_address' | 'max') => {
    refusedFor.inc(label(reason));
    logRefusal({ listener, reason, ip: socket.remoteAddress, open: conns.size });
    socket.destroy();
  };

  return {
    stats: {
      get open() { return conns.size; },
      get idle() { return idle.size; },
      get underPressure() { return sweeper !== undefined; },
    },
    stop() {
      if (sweeper) clearInterval(sweeper);
      sweeper = undefined;
    },
  };
}

/** `address|port` of a connected socket; undefined once it has lost its peer. */
function connKey(socket: Socket): string | undefined {
  const { remoteAddress, remotePort } = socket;
  return remoteAddress === undefined || remotePort === undefined ? undefined : `${remoteAddress}|${remotePort}`;
}

/** `::ffff:192.0.2.1` -> `192.0.2.1`, so a dual-stack listener counts an IPv4 client once. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}
