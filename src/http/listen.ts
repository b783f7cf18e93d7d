/**
 * @module Starting and stopping node:http(s) servers: explicit errors at listen (EADDRINUSE at
 * start, not later), and a graceful stop that never resets a keep-alive connection mid-request.
 */
import type { Server } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';

/** Listens and resolves with the bound port (useful with port 0 in tests). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Shared by a server's handler and close(): once `closing` is true, every response written
 * carries `Connection: close`. The phone handler reads it before each writeHead (one field read),
 * which also covers requests already in flight when the stop began.
 */
export interface Drain {
  readonly closing: boolean;
}

/** A Drain that close() switches on. */
export function createDrain(): Drain & { begin(): void } {
  const drain = { closing: false, begin: () => void (drain.closing = true) };
  return drain;
}

export interface CloseOptions {
  /** The drain the server's handler reads; switched on here. */
  readonly drain?: Drain & { begin(): void };
  /**
   * Keep-alive connections idle when the stop began are closed after this long (default 0):
   * a client that sends its next request back to back gets it answered (with Connection: close)
   * instead of a reset on a socket closed under it.
   */
  readonly idleGraceMs?: number;
  /** Whatever is still open after this long is destroyed and the promise resolves (default 2 s). */
  readonly deadlineMs?: number;
}

/**
 * Stops accepting, lets each connection finish its in-flight response (sent with
 * `Connection: close`, after which node ends the socket), closes idle connections after the
 * grace, and resolves when every connection is gone or at the deadline.
 *
 * Why not plain `server.close()`: since Node 19 it also destroys idle keep-alive connections at
 * once, and a client that has just sent its next request on one gets ECONNRESET; and without
 * `Connection: close` a busy keep-alive client never lets go until the deadline destroys it.
 */
export function close(server: Server, options: CloseOptions = {}): Promise<void> {
  const { drain, idleGraceMs = 0, deadlineMs = 2_000 } = options;
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    drain?.begin();
    // Requests that start from now on (any handler, e.g. the admin API) end their connection.
    server.prependListener('request', (_req, res) => (res.shouldKeepAlive = false));
    const timers: NodeJS.Timeout[] = [];
    const done = () => {
      for (const t of timers) clearTimeout(t);
      resolve();
    };
    // net.Server's close stops accepting and calls back once the last connection is gone.
    NetServer.prototype.close.call(server, done);
    const closeIdle = () => server.closeIdleConnections();
    if (idleGraceMs <= 0) closeIdle();
    else timers.push(setTimeout(closeIdle, idleGraceMs));
    timers.push(setTimeout(() => {
      server.closeAllConnections();
      // A TLS handshake still in progress is not an HTTP connection yet: the process exit ends it.
      setImmediate(done);
    }, deadlineMs));
  });
}
