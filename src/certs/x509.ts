/**
 * @module buildCertificate: one code path for ECDSA and RSA X.509 certificates.
 *
 * node-forge encodes names, validity, serial and extensions well but can neither hold nor sign
 * with EC keys (its certificate model is RSA-only). So forge builds the TBSCertificate around a
 * placeholder RSA public key; we then replace the two parts that depend on the keys:
 *  - subjectPublicKeyInfo <- the subject key's SPKI DER exported by node:crypto (EC or RSA);
 *  - the signature AlgorithmIdentifier (in TBS and outer) <- the issuer key's algorithm;
 * and sign the TBS DER with node:crypto (`sign('sha256', tbs, key)` yields the DER ECDSA
 * signature or the PKCS#1 v1.5 RSA signature X.509 wants). Key identifiers are computed here
 * because forge would hash the placeholder key.
 */
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import type { KeyType } from './types.js';

const { asn1 } = forge;
// forge accepts an options object here; its typings only know the older `strict` boolean.
const fromDer = asn1.fromDer as unknown as (der: string, options: { decodeBitStrings: boolean }) => forge.asn1.Asn1;
// Exists in forge 1.x (used by its own signer) but is missing from @types/node-forge.
const getTBSCertificate = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate;
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_RSA_SHA256 = '1.2.840.113549.1.1.11';

/** One attribute of a distinguished name, e.g. `{ shortName: 'CN', value: 'provd CA' }`. */
export interface NameAttr {
  readonly shortName: 'CN' | 'O' | 'OU';
  readonly value: string;
}

export interface CertificateSpec {
  /** Key the certificate is about (its public half is used; a private key is accepted). */
  readonly subjectKey: KeyObject;
  /** Private key that signs (the subject's own for a self-signed CA). */
  readonly issuerKey: KeyObject;
  readonly subject: readonly NameAttr[];
  /**
   * The issuer's certificate (PEM); omit for a self-signed certificate. Its subject DER is copied
   * as is into our issuer field and its key identifier into authorityKeyIdentifier, so the chain
   * links even for an admin-provided CA whose names or key-id method differ from ours.
   */
  readonly issuerCert?: string;
  /** Positive serial as hex (see randomSerial). */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** forge extension objects; key identifiers are added by buildCertificate. */
  readonly extensions: readonly object[];
}

/** Builds and signs a certificate; returns its PEM. */
export function buildCertificate(spec: CertificateSpec): string {
  const spkiDer = createPublicKey(spec.subjectKey).export({ type: 'spki', format: 'der' });
  const spki = fromDer(binary(spkiDer), { decodeBitStrings: false });
  const ski = subjectKeyId(spkiDer);
  const cert = forge.pki.createCertificate();
  // forge serialises cert.publicKey as RSA SPKI; any numbers do, the node is replaced below.
  cert.publicKey = forge.pki.setRsaPublicKey(new forge.jsbn.BigInteger('1'), new forge.jsbn.BigInteger('1'));
  cert.serialNumber = spec.serial;
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(spec.subject.map((a) => ({ ...a })));
  cert.setIssuer(spec.subject.map((a) => ({ ...a }))); // replaced below when issuerCert is given
  const issuer = spec.issuerCert === undefined ? undefined : issuerParts(spec.issuerCert);
  const ids: object[] = [{ name: 'subjectKeyIdentifier', value: octets(ski) }];
  const aki = issuer?.keyId ?? ski;
  ids.push({ name: 'authorityKeyIdentifier', value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, binary(aki)),
  ]) });
  cert.setExtensions([...spec.extensions, ...ids]);
  cert.siginfo.algorithmOid = OID_RSA_SHA256; // placeholder, replaced with sigAlg below

  const issuerType = keyTypeOf(spec.issuerKey);
  const tbs = getTBSCertificate(cert);
  const parts = tbs.value as forge.asn1.Asn1[];
  // TBSCertificate ::= SEQUENCE { [0] version, serial, signature, issuer, validity, subject, spki, ... }
  parts[2] = signatureAlgorithm(issuerType);
  parts[6] = spki;
  if (issuer) parts[3] = issuer.name;
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, spec.issuerKey);
  const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    signatureAlgorithm(issuerType),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\x00' + binary(signature)),
  ]);
  return pem(asn1.toDer(certificate).getBytes());
}

/** The algorithm of a node:crypto key, or an error for anything but EC P-256-class and RSA keys. */
export function keyTypeOf(key: KeyObject): KeyType {
  if (key.asymmetricKeyType === 'ec') return 'ecdsa';
  if (key.asymmetricKeyType === 'rsa') return 'rsa';
  throw new Error(`unsupported key type ${String(key.asymmetricKeyType)}`);
}

/** subjectKeyIdentifier, RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
export function subjectKeyId(spkiDer: Buffer): Buffer {
  const spki = fromDer(binary(spkiDer), { decodeBitStrings: false });
  const bits = (spki.value as forge.asn1.Asn1[])[1]!.value as string;
  return createHash('sha1').update(Buffer.from(bits.slice(1), 'binary')).digest();
}

/** A random positive 128-bit serial (RFC 5280: positive, at most 20 octets, unpredictable). */
export function randomSerial(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[0] = (b[0]! & 0x7f) | 0x40; // positive, and no leading zero octet to strip
  return b.toString('hex');
}

const OID_SKI = '2.5.29.14';

/** The subject Name node and key identifier (SKI extension, else computed) of a PEM certificate. */
function issuerParts(certPem: string): { name: forge.asn1.Asn1; keyId: Buffer } {
  const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const tbs = (fromDer(binary(der), { decodeBitStrings: false }).value as forge.asn1.Asn1[])[0]!;
  const f = tbs.value as forge.asn1.Asn1[];
  const o = f[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0; // v1 certificates have no [0] version
  const spkiDer = Buffer.from(asn1.toDer(f[5 + o]!).getBytes(), 'binary');
  let keyId = subjectKeyId(spkiDer);
  const extensions = f.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  for (const ext of ((extensions?.value as forge.asn1.Asn1[] | undefined)?.[0]?.value ?? []) as forge.asn1.Asn1[]) {
    const fields = ext.value as forge.asn1.Asn1[];
    if (asn1.derToOid(forge.util.createBuffer(fields[0]!.value as string)) !== OID_SKI) continue;
    const inner = fromDer(fields[fields.length - 1]!.value as string, { decodeBitStrings: false });
    keyId = Buffer.from(inner.value as string, 'binary');
  }
  return { name: f[4 + o]!, keyId };
}

function signatureAlgorithm(issuer: KeyType): forge.asn1.Asn1 {
  const oid = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false,
    asn1.oidToDer(issuer === 'ecdsa' ? OID_ECDSA_SHA256 : OID_RSA_SHA256).getBytes());
  // RFC 5758: ecdsa-with-SHA256 has absent parameters; RFC 4055: sha256WithRSA has NULL.
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, issuer === 'ecdsa'
    ? [oid]
    : [oid, asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]);
}

function octets(b: Buffer): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, binary(b));
}

function binary(b: Buffer): string {
  return b.toString('binary');
}

function pem(der: string): string {
  const b64 = Buffer.from(der, 'binary').toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}
