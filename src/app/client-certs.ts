/**
 * @module The client-certificate wiring (PROV_HTTPS_CLIENT_CERT): the vendor CA bundles in
 * service (loaded at start, again on SIGHUP), the authorise step for the phone pipelines and what
 * the HTTPS listener needs (the CAs to verify against, the certificate of a request's connection).
 */
import type { Socket } from 'node:net';
import type { AuthoriseStep } from '../access/pipeline.js';
import type { ClientCertMode } from '../client-certs/modes.js';
import { clientCertificateOf } from '../client-certs/peer.js';
import { createClientCertStep } from '../client-certs/step.js';
import { loadVendorTrust, type VendorTrust } from '../client-certs/trust-store.js';
import { isProvError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ClientCertificate } from '../provisioning/types.js';
import type { VendorRegistry } from '../vendors/registry.js';

export interface ClientCertWiring {
  readonly mode: ClientCertMode;
  /** The step for every phone pipeline; none when off. */
  readonly steps: readonly AuthoriseStep[];
  /** For the HTTPS listener; undefined when off. */
  readonly https: undefined | {
    /** The CA PEMs in service and each replacement. */
    cas(): readonly string[];
    onChange(listener: (cas: readonly string[]) => void): () => void;
    certificateOf(socket: Socket): ClientCertificate | undefined;
  };
  /** SIGHUP: reads the bundles again; a failure is logged and the bundles in use stay. */
  reload(): void;
}

/** @throws ProvError PROV_ERR_VENDOR_CA_INVALID at start, naming the file. */
export function openClientCerts(settings: { readonly mode: ClientCertMode; readonly casDir: string }, registry: VendorRegistry, logger: Logger): ClientCertWiring {
  const { mode } = settings;
  if (mode === 'off') return { mode, steps: [], https: undefined, reload: () => {} };
  let trust = loadVendorTrust(settings.casDir);
  const listeners = new Set<(cas: readonly string[]) => void>();
  const report = (t: VendorTrust) => {
    const ruled = registry.list().filter((v) => v.descriptor.client_cert).map((v) => v.id);
    const missing = ruled.filter((id) => t.of(id).length === 0);
    logger.info({ mode, dir: settings.casDir, vendors: t.vendors, cas: t.pems.length, checked: ruled }, 'client certificates: vendor CA bundles loaded');
    if (missing.length > 0) {
      logger.warn({ mode, vendors: missing, dir: settings.casDir },
        mode === 'required' ? 'client certificates required, but these vendors have no CA bundle: their per-phone files are refused (or get their first stage)' : 'client certificates of these vendors are not checked: no CA bundle');
    }
  };
  report(trust);
  const step = createClientCertStep({ mode, registry, trust: () => trust });
  return {
    mode,
    steps: [step],
    https: {
      cas: () => trust.pems,
      onChange(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      certificateOf: clientCertificateOf,
    },
    reload() {
      try {
        trust = loadVendorTrust(settings.casDir);
      } catch (err) {
        logger.error({ code: isProvError(err) ? err.code : undefined, err: (err as Error).message }, 'vendor CA bundles not reloaded; the ones in use stay');
        return;
      }
      report(trust);
      for (const listener of listeners) listener(trust.pems);
    },
  };
}
