/**
 * @module createHttpsPhoneServer: the phone path over TLS (node:https), plus swapCertificate for
 * renewal without a restart.
 *
 * TLS policy: TLS 1.2 and 1.3 only (1.0/1.1 are refused even in compat mode), the server's cipher
 * order wins, forward-secret AEAD suites by default. Session resumption, because new handshakes
 * are the cost of a boot storm: TLS session tickets (TLS 1.2 and 1.3, Node's default, keys random
 * per secure context) and, for TLS 1.2 clients that send no ticket extension, a bounded in-memory
 * session-ID cache (Node's OpenSSL runs with SSL_SESS_CACHE_NO_INTERNAL, so without the
 * newSession/resumeSession handlers below such clients would always do a full handshake).
 * Client certificates (PROV_HTTPS_CLIENT_CERT, `clientCas`): requested, never required by TLS
 * (`rejectUnauthorized: false`), verified by OpenSSL against the union of the vendor CA bundles;
 * what a certificate proves is decided by the client-certificate step (src/client-certs/step.ts)
 * per vendor and per connection, since a TLS 1.3 session resumed without a certificate is
 * reported `authorized` by Node (it holds no peer certificate, which is what the step checks).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecureContextOptions } from 'node:tls';
import { clearTlsErrorsAfterHandshakes } from './tls-error-queue.js';

/** TLS 1.3 suites (all three AEADs; TLS 1.3 has nothing weaker to exclude). */
export const TLS13_CIPHERS = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';

/** TLS 1.2 default: ECDHE (forward secrecy) with AES-GCM or ChaCha20-Poly1305, ECDSA or RSA certificates. */
export const MODERN_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/**
 * Added after MODERN_CIPHERS with `compat: true`, for old phone firmware whose TLS 1.2 stack has
 * no AEAD or no ECDHE: ECDHE with CBC (SHA-2, then SHA-1 MACs), then static-RSA key exchange
 * (no forward secrecy; only usable with an RSA certificate). No 3DES, RC4, DHE or export suites.
 */
export const COMPAT_EXTRA_CIPHERS = [
  'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA256', 'AES256-SHA256', 'AES128-SHA', 'AES256-SHA',
].join(':');

/** The full `ciphers` string Node is given (TLS 1.3 suites must be listed there too, or 1.3 is off). */
export function cipherList(compat: boolean): string {
  return [TLS13_CIPHERS, MODERN_CIPHERS, ...(compat ? [COMPAT_EXTRA_CIPHERS] : [])].join(':');
}

export interface HttpsPhoneServerOptions {
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** PEM key and chain (leaf first), e.g. from CertificateManager.ensure(). */
  readonly tls: { readonly key: string; readonly cert: string };
  /** Add COMPAT_EXTRA_CIPHERS for old firmware (still TLS 1.2 minimum). */
  readonly compat: boolean;
  /** Lifetime of resumable sessions and tickets in seconds (default 300, Node's default). */
  readonly sessionTimeoutSeconds?: number;
  /** Most TLS 1.2 session-ID entries kept (default 10,000; oldest dropped first). */
  readonly sessionCacheSize?: number;
  /**
   * Ask clients for a certificate and verify it against these CAs (PEM; may be empty: every
   * certificate is then unverified). Absent: no certificate is asked for.
   */
  readonly clientCas?: readonly string[];
}

interface ServerState {
  tlsOptions: SecureContextOptions;
  tls: { readonly key: string; readonly cert: string };
  readonly sessions: Map<string, { readonly data: Buffer; readonly expires: number }>;
}

const states = new WeakMap<Server, ServerState>();

/** A node:https server for the phone path; listen/close it with http/listen.ts like the HTTP one. */
export function createHttpsPhoneServer(options: HttpsPhoneServerOptions): Server {
  const timeout = options.sessionTimeoutSeconds ?? 300;
  const maxSessions = options.sessionCacheSize ?? 10_000;
  const tlsOptions: SecureContextOptions = {
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
    ciphers: cipherList(options.compat),
    honorCipherOrder: true,
    sessionTimeout: timeout,
    // An empty list (no vendor CA yet) must not fall back to Node's public root CAs.
    ...(options.clientCas ? { ca: [...options.clientCas] } : {}),
  };
  const server = createServer({
    ...tlsOptions,
    ...(options.clientCas ? { requestCert: true, rejectUnauthorized: false } : {}),
    key: options.tls.key,
    cert: options.tls.cert,
    // Same HTTP timeouts as the plain phone listener; a stalled handshake is dropped sooner.
    keepAliveTimeout: 65_000,
    requestTimeout: 30_000,
    headersTimeout: 15_000,
    handshakeTimeout: 15_000,
  }, options.handler);
  // The first key and certificate pair stays valid for this purpose after a swap (any pair does).
  if (options.clientCas) clearTlsErrorsAfterHandshakes(server, options.tls);
  const sessions = new Map<string, { data: Buffer; expires: number }>();
  states.set(server, { tlsOptions, tls: options.tls, sessions });

  server.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
    if (sessions.size >= maxSessions) sessions.delete(sessions.keys().next().value!); // Map keeps insertion order
    sessions.set(id.toString('hex'), { data, expires: Date.now() + timeout * 1000 });
    done();
  });
  server.on('resumeSession', (id: Buffer, done: (err: Error | null, data: Buffer | null) => void) => {
    const key = id.toString('hex');
    const entry = sessions.get(key);
    if (entry && entry.expires <= Date.now()) sessions.delete(key);
    done(null, entry && entry.expires > Date.now() ? entry.data : null);
  });
  return server;
}

/**
 * Replaces the certificate and key of a running server created by createHttpsPhoneServer.
 * Open connections keep the certificate they were made with; every new handshake gets the new
 * one. The session-ID cache is cleared and the new secure context has new ticket keys, so no
 * client resumes a session made under the old certificate: each does one full handshake.
 */
export function swapCertificate(server: Server, tls: { readonly key: string; readonly cert: string }): void {
  const state = states.get(server);
  if (!state) throw new Error('swapCertificate: not a server from createHttpsPhoneServer');
  server.setSecureContext({ ...state.tlsOptions, key: tls.key, cert: tls.cert });
  state.tls = tls;
  state.sessions.clear();
}

/**
 * Replaces the CAs client certificates are verified against (vendor bundles reloaded), on a
 * server created with `clientCas`. Like a certificate swap, sessions made before are not resumed.
 */
export function setClientCas(server: Server, clientCas: readonly string[]): void {
  const state = states.get(server);
  if (!state) throw new Error('setClientCas: not a server from createHttpsPhoneServer');
  state.tlsOptions = { ...state.tlsOptions, ca: [...clientCas] };
  swapCertificate(server, state.tls);
}
