/**
 * @module A workaround for stale OpenSSL errors after a client certificate fails verification.
 *
 * With `requestCert: true, rejectUnauthorized: false` (Node 20.20, OpenSSL 3.0), a client
 * certificate whose signature does not verify (a forged one naming a vendor CA, or a bogus
 * chain) leaves OpenSSL's RSA/ECDSA error on the thread's error queue. The next TLS read that
 * looks at the queue, often on **another** phone's connection, then fails as if its peer had
 * sent garbage: `clientError` and a reset connection (measured: curl with a forged certificate,
 * then a plain request, failed every other time). One client could so reset others at will.
 *
 * Node's X509Certificate.checkPrivateKey clears the whole error queue when it returns
 * (ClearErrorOnReturn in node_crypto): calling it (an EVP_PKEY comparison, microseconds) when a
 * handshake ends, before any other connection is read, empties what verification left behind.
 * Drop this once the Node version in use clears the queue itself (test/client-certs covers it).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Server } from 'node:https';

/** Clears the error queue after every handshake (and failed one) of `server`; `tls` is any matching pair. */
export function clearTlsErrorsAfterHandshakes(server: Server, tls: { readonly key: string; readonly cert: string }): void {
  const cert = new X509Certificate(tls.cert); // the first certificate of the chain: the key's own
  const key = createPrivateKey(tls.key);
  const clear = () => void cert.checkPrivateKey(key);
  server.on('secureConnection', clear);
  server.on('tlsClientError', clear);
}
