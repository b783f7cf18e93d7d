/** @module The client-certificate modes of the HTTPS phone listener (PROV_HTTPS_CLIENT_CERT). */

/**
 * - `off`: no certificate is asked for (the default);
 * - `optional`: asked for; a certificate presented must bind to the file's phone, none passes;
 * - `required`: per-phone files need a certificate binding to their phone (HTTP and TFTP have
 *   none: they get the secret-free first stage or 403 / ERROR 1).
 */
export const CLIENT_CERT_MODES = ['off', 'optional', 'required'] as const;
export type ClientCertMode = (typeof CLIENT_CERT_MODES)[number];
