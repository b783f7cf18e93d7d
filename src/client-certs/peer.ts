/**
 * @module The client certificate of a TLS connection, as the phone path's FetchRequest carries it:
 * read once per connection (keep-alive requests share it) from the socket.
 */
import type { Socket } from 'node:net';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { ClientCertificate } from '../provisioning/types.js';

const seen = new WeakMap<Socket, ClientCertificate | null>();

/**
 * The certificate `socket` (a TLSSocket) holds for this connection, or undefined when it holds
 * none: no certificate sent, or a TLS 1.3 session resumed from a handshake without one (Node
 * then reports `authorized` with an empty peer certificate; the empty certificate decides).
 */
export function clientCertificateOf(socket: Socket): ClientCertificate | undefined {
  let cert = seen.get(socket);
  if (cert === undefined) {
    cert = read(socket as TLSSocket);
    seen.set(socket, cert);
  }
  return cert ?? undefined;
}

// --- internal ---

function read(socket: TLSSocket): ClientCertificate | null {
  if (typeof socket.getPeerCertificate !== 'function') return null;
  const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | null;
  if (!peer || !peer.raw || peer.raw.length === 0) return null;
  const chain: Buffer[] = [];
  // The chain as OpenSSL holds it: what the client sent, then issuers found in the trust store;
  // a self-signed root is its own issuer (the walk stops there).
  for (let c = peer.issuerCertificate, prev = peer; c && c !== prev && c.raw && chain.length < 8; prev = c, c = c.issuerCertificate) chain.push(c.raw);
  return Object.freeze({ raw: peer.raw, chain: Object.freeze(chain), tlsVerified: socket.authorized === true });
}
