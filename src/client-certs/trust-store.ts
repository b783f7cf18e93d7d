/**
 * @module The vendor CA bundles: `<certsDir>/vendors/<vendor>/*.pem`, each file one or more PEM
 * certificates (roots and intermediates of that vendor's device certificates). Loaded at start
 * and on SIGHUP; a file that cannot be used stops the start (a reload keeps the bundles in use).
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ProvError } from '../errors.js';

/** The loaded bundles. */
export interface VendorTrust {
  /** The CA certificates of one vendor (empty when it has none). */
  of(vendorId: string): readonly X509Certificate[];
  /** Every CA of every vendor, PEM: what the TLS layer is given to verify chains and to name in its CertificateRequest. */
  readonly pems: readonly string[];
  /** Vendors with at least one CA, sorted. */
  readonly vendors: readonly string[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g;

/**
 * Reads `dir` (absent: no bundles). Only folders named like a vendor id are read.
 * @throws ProvError PROV_ERR_VENDOR_CA_INVALID for a file with no certificate, a certificate that
 * does not parse, or one that is not a CA (basicConstraints CA:TRUE), naming the file.
 */
export function loadVendorTrust(dir: string): VendorTrust {
  const byVendor = new Map<string, X509Certificate[]>();
  if (existsSync(dir)) {
    for (const vendor of readdirSync(dir).sort()) {
      const folder = join(dir, vendor);
      if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(vendor) || !statSync(folder).isDirectory()) continue;
      const certs = readdirSync(folder).filter((f) => f.endsWith('.pem')).sort().flatMap((f) => readBundle(join(folder, f)));
      if (certs.length > 0) byVendor.set(vendor, certs);
    }
  }
  const pems = [...byVendor.values()].flat().map((c) => c.toString());
  return {
    of: (vendorId) => byVendor.get(vendorId) ?? [],
    pems,
    vendors: [...byVendor.keys()],
  };
}

// --- internal ---

function readBundle(file: string): X509Certificate[] {
  const blocks = readFileSync(file, 'utf8').match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new ProvError('PROV_ERR_VENDOR_CA_INVALID', [file, 'no PEM certificate in it']);
  return blocks.map((pem, i) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (err) {
      throw new ProvError('PROV_ERR_VENDOR_CA_INVALID', [file, `certificate ${i + 1} does not parse (${(err as Error).message})`]);
    }
    if (!cert.ca) throw new ProvError('PROV_ERR_VENDOR_CA_INVALID', [file, `certificate ${i + 1} (${cert.subject.replace(/\n/g, ', ')}) is not a CA`]);
    return cert;
  });
}
