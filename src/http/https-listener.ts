/**
 * @module The HTTPS phone listener: serves the phone handler over TLS with the material of a
 * TlsSource, and swaps the certificate in place (no restart) whenever the source replaces it
 * (likewise the vendor CAs client certificates are verified against).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TlsSource } from '../certs/lifecycle.js';
import type { ConnectionGuard } from './connection-guard.js';
import { createHttpsPhoneServer, setClientCas, swapCertificate } from './https-server.js';
import type { Server } from 'node:http';
import { close, listen } from './listen.js';

export interface HttpsListener {
  start(): Promise<number>;
  stop(): Promise<void>;
}

export function createHttpsListener(deps: {
  readonly port: number;
  readonly host: string;
  readonly compat: boolean;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly tls: TlsSource;
  /** How the server is stopped (default: close() of listen.ts without a grace). */
  readonly close?: (server: Server) => Promise<void>;
  /** Installs connection caps on the server before it listens (connection-guard.ts). */
  readonly guard?: (server: Server) => ConnectionGuard;
  /** Client certificates: the CAs to verify them against, and each replacement (reload). */
  readonly clientCas?: { cas(): readonly string[]; onChange(listener: (cas: readonly string[]) => void): () => void };
}): HttpsListener {
  let server: ReturnType<typeof createHttpsPhoneServer> | undefined;
  let guard: ConnectionGuard | undefined;
  let unsubscribe = () => {};
  let unsubscribeCas = () => {};
  return {
    async start() {
      const clientCas = deps.clientCas?.cas();
      const s = (server = createHttpsPhoneServer({ handler: deps.handler, tls: deps.tls.current(), compat: deps.compat, ...(clientCas ? { clientCas } : {}) }));
      guard = deps.guard?.(s);
      unsubscribe = deps.tls.onChange((material) => swapCertificate(s, material));
      if (deps.clientCas) unsubscribeCas = deps.clientCas.onChange((cas) => setClientCas(s, cas));
      return listen(s, deps.port, deps.host);
    },
    async stop() {
      unsubscribe();
      unsubscribeCas();
      guard?.stop();
      if (server) await (deps.close ?? close)(server);
    },
  };
}
