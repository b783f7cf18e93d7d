/**
 * @module The certificate module's public surface. Only src/certs/ imports node-forge; callers
 * use createCertificateManager (life cycle in a directory) or the pure issue helpers.
 */
export { createCertificateManager } from './manager.js';
export { createCertificateLifecycle, createTlsRelay } from './lifecycle.js';
export type { CertificateLifecycle, TlsSource } from './lifecycle.js';
export type { CertificateManager, CertificateManagerOptions, NameSource } from './manager.js';
export { issueCa, issueServerCert, generateKey } from './issue.js';
export { normaliseNames, parseSans, covers, canonicalIp } from './sans.js';
export type { KeyType, SanList, TlsMaterial } from './types.js';
