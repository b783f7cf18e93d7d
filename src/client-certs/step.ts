/**
 * @module The client-certificate authorise step (PROV_HTTPS_CLIENT_CERT): binds a per-phone file
 * to the device certificate of the connection that asks for it.
 *
 * For a per-phone file of a vendor with a `client_cert` rule (common files and other vendors pass):
 * - a certificate that chains to **that vendor's** CA bundle and names the file's MAC: through;
 * - a certificate naming another MAC, or not chaining to that vendor's bundle (another vendor's
 *   CA, no CA, expired, or not verified by the TLS layer): `forbidden` (403), in both modes;
 * - no certificate, or a verified one naming no MAC (a vendor's generic certificate): anonymous,
 *   through in `optional` mode; in `required` mode `forbidden` marked for the two-stage
 *   bootstrap (the vendor's secret-free first stage is answered instead, where it has one).
 * A vendor without a CA bundle has nothing to check against: its requests are anonymous, so they
 * pass in `optional` mode and get the first stage or 403 in `required` mode (fail closed; the
 * wiring logs such vendors at start).
 *
 * A TLS session resumed without a certificate has none here (the HTTPS handler passes only a
 * certificate the connection holds), so it is anonymous, never authenticated (Node reports such a
 * TLS 1.3 session `authorized`: nodejs/node#35317). Each connection's verdict is computed once
 * per vendor and kept with its certificate object: the cached hot path pays a WeakMap lookup.
 */
import { X509Certificate } from 'node:crypto';
import type { AuthoriseStep } from '../access/pipeline.js';
import { REFUSED, withoutCredentials, type Refused } from '../provisioning/refusal.js';
import type { ClientCertificate } from '../provisioning/types.js';
import type { ClientCertRule } from '../vendors/descriptor.js';
import type { VendorRegistry } from '../vendors/registry.js';
import { chainsTo } from './chain.js';
import type { ClientCertMode } from './modes.js';
import { compileMacRule, type MacReader } from './mac-rule.js';
import type { VendorTrust } from './trust-store.js';


export interface ClientCertStepDeps {
  readonly mode: Exclude<ClientCertMode, 'off'>;
  readonly registry: Pick<VendorRegistry, 'get'>;
  /** The bundles in service (replaced on reload). */
  readonly trust: () => VendorTrust;
  readonly now?: () => number;
}

/** What a certificate proves for one vendor: the MAC it names, none (anonymous), or nothing (untrusted). */
type Verdict = string | 'anonymous' | 'untrusted';

const NO_CERTIFICATE = withoutCredentials('forbidden');

export function createClientCertStep(deps: ClientCertStepDeps): AuthoriseStep {
  const now = deps.now ?? Date.now;
  const readers = new WeakMap<ClientCertRule, MacReader>();
  const verdicts = new WeakMap<ClientCertificate, Map<string, Verdict>>();
  const anonymous = (): Refused | undefined => (deps.mode === 'required' ? NO_CERTIFICATE : undefined);

  const verdictOf = (cert: ClientCertificate, vendorId: string, rule: ClientCertRule, trust: VendorTrust): Verdict => {
    let known = verdicts.get(cert);
    if (!known) verdicts.set(cert, (known = new Map()));
    let verdict = known.get(vendorId);
    if (verdict === undefined) {
      verdict = judge(cert, trust.of(vendorId), readerOf(rule), new Date(now()));
      known.set(vendorId, verdict);
    }
    return verdict;
  };
  const readerOf = (rule: ClientCertRule) => {
    let reader = readers.get(rule);
    if (!reader) readers.set(rule, (reader = compileMacRule(rule)));
    return reader;
  };

  return {
    name: 'client-cert',
    check(request, file) {
      if (!file.mac) return undefined; // common files carry no secrets
      const vendor = deps.registry.get(file.vendor);
      const rule = vendor?.descriptor.client_cert;
      if (!vendor || !rule) return undefined;
      const trust = deps.trust();
      // Nothing to check a certificate against: every request of the vendor counts as anonymous.
      if (trust.of(vendor.id).length === 0) return anonymous();
      const cert = request.clientCertificate;
      if (!cert) return anonymous();
      const verdict = verdictOf(cert, vendor.id, rule, trust);
      if (verdict === 'untrusted') return REFUSED.forbidden;
      if (verdict === 'anonymous') return anonymous();
      return verdict === file.mac ? undefined : REFUSED.forbidden;
    },
  };
}

// --- internal ---

function judge(cert: ClientCertificate, anchors: readonly X509Certificate[], read: MacReader, now: Date): Verdict {
  if (!cert.tlsVerified || anchors.length === 0) return 'untrusted';
  let leaf: X509Certificate;
  let chain: X509Certificate[];
  try {
    leaf = new X509Certificate(cert.raw);
    chain = cert.chain.map((der) => new X509Certificate(der));
  } catch {
    return 'untrusted';
  }
  if (!chainsTo(leaf, chain, anchors, now)) return 'untrusted';
  return read(leaf) ?? 'anonymous';
}
