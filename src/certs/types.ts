/** @module Shared types of the certificate module (no runtime code). */

/** Key algorithm of a generated key: ECDSA P-256 (the default) or RSA-2048 (older phones). */
export type KeyType = 'ecdsa' | 'rsa';

/** The subjectAltName entries of a certificate, normalised (see sans.ts). */
export interface SanList {
  /** Lower-case DNS names without a trailing dot, `*.` wildcards allowed; in the caller's order. */
  readonly dns: readonly string[];
  /** Canonical IP addresses (IPv6 compressed, lower-case, no brackets or zone). */
  readonly ips: readonly string[];
}

/** What a TLS listener needs, plus facts for logs and the admin API. */
export interface TlsMaterial {
  /** PEM private key of the server certificate (PKCS#8). */
  readonly key: string;
  /** PEM chain: the server certificate first, then the CA (generated mode) or as given (BYO). */
  readonly cert: string;
  /** PEM of the CA phones should trust, or null when unknown (BYO without a self-signed root). */
  readonly ca: string | null;
  readonly notAfter: Date;
  readonly keyType: KeyType;
  /** SHA-256 fingerprint of the server certificate, `AB:CD:...` as node:crypto prints it. */
  readonly fingerprint256: string;
  readonly sans: SanList;
}
