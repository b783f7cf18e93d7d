/** @module TLS probes for tests: what certificate a listener presents on a new connection. */
import { connect } from 'node:tls';

/** The subjectAltName of the certificate 127.0.0.1:`port` presents (e.g. `DNS:localhost, IP Address:127.0.0.1`). */
export function peerSans(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().subjectaltname ?? '');
      socket.end();
    });
    socket.on('error', reject);
  });
}
