/**
 * @module Does a device certificate chain to one vendor's CA bundle? Checked here with
 * node:crypto (OpenSSL) signatures, per vendor, because the TLS layer verifies against the union
 * of every vendor's CAs (one server, one trust store): a Snom-signed certificate must not
 * unlock a Yealink phone. node-forge is not used to verify (see the threat notes, T10).
 */
import type { X509Certificate } from 'node:crypto';

/** Certificates walked at most from the leaf to an anchor (leaf, intermediates sent by the phone). */
const MAX_DEPTH = 4;

/**
 * True when `leaf` is valid at `now` and signed by a certificate of `anchors`, directly or through
 * `intermediates` the client sent (each a valid CA at `now` that is itself so signed).
 * Anchors are trusted as given (the operator put them in the bundle, intermediates included).
 */
export function chainsTo(leaf: X509Certificate, intermediates: readonly X509Certificate[], anchors: readonly X509Certificate[], now: Date): boolean {
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (!validAt(current, now)) return false;
    if (anchors.some((a) => signedBy(current, a) && validAt(a, now))) return true;
    const next = intermediates.find((i) => i.ca && i !== current && signedBy(current, i));
    if (!next) return false;
    current = next;
  }
  return false;
}

// --- internal ---

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

function validAt(cert: X509Certificate, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(cert.validFrom) <= t && t <= Date.parse(cert.validTo);
}
