/**
 * @module The server certificate's life cycle for the HTTPS listener(s): load or create it at
 * start, re-check every 12 hours, whenever the network settings change (the SANs follow
 * them) and on demand (SIGHUP), and tell subscribers about each replacement so they swap it in place (no restart).
 * With cluster workers only the primary runs this; workers get the material over IPC.
 */
import type { Store } from '../store/types.js';
import type { Logger } from '../logger.js';
import { createCertificateManager } from './manager.js';
import type { KeyType, TlsMaterial } from './types.js';

/** Where a TLS listener gets its certificate: the one in use now, and each replacement. */
export interface TlsSource {
  /** The material in use. @throws Error before the source has any (start() not resolved yet). */
  current(): TlsMaterial;
  /** Calls `listener` with every replacement; answers a function that unsubscribes. */
  onChange(listener: (material: TlsMaterial) => void): () => void;
}

export interface CertificateLifecycle extends TlsSource {
  /** Loads or creates the certificate and starts the re-checks. */
  start(): Promise<TlsMaterial>;
  stop(): void;
  /**
   * Checks now (SIGHUP): a brought-your-own pair is re-read from its files, a generated one gets
   * its usual re-check (names, expiry). Subscribers get a replacement; a failure is logged and
   * the certificate in use stays. Resolves true when the certificate changed.
   */
  recheck(): Promise<boolean>;
  /** The CA phones should trust (PEM), null when unknown (bring-your-own without its root). */
  caPem(): string | null;
}

export interface CertificateLifecycleOptions {
  readonly certsDir: string;
  readonly keyType: KeyType;
  readonly byo: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly store: Store;
  readonly logger: Logger;
}

export function createCertificateLifecycle(options: CertificateLifecycleOptions): CertificateLifecycle {
  const { store, logger } = options;
  const certs = createCertificateManager({
    dir: options.certsDir,
    keyType: options.keyType,
    byo: options.byo,
    logger,
    names: async () => {
      const n = await store.getNetwork();
      return [n.web_domain, n.sbc_domain, n.sip_domain, n.private_ipv4, n.public_ipv4, n.private_ipv6, n.public_ipv6, 'localhost', '127.0.0.1', '::1'];
    },
  });
  const relay = createTlsRelay();
  const stops: (() => void)[] = [];
  const replaced = (material: TlsMaterial) => {
    logger.info({ notAfter: material.notAfter, sans: material.sans }, 'HTTPS certificate replaced');
    relay.set(material);
  };
  const recheck = () =>
    certs.renewIfNeeded().then(
      (changed) => {
        const material = certs.current();
        if (changed && material) replaced(material);
        return changed;
      },
      (err: unknown) => {
        logger.error({ err: (err as Error).message }, 'HTTPS certificate check failed; keeping the one in use');
        return false;
      }
    );

  return {
    async start() {
      const material = await certs.ensure();
      relay.set(material);
      logger.info({ keyType: material.keyType, notAfter: material.notAfter, sans: material.sans, dir: options.certsDir }, 'HTTPS certificate in use');
      stops.push(certs.startRenewal({ onRenewed: replaced }));
      stops.push(store.subscribe((e) => void ((e.kind === 'network' || e.kind === 'reset') && recheck())));
      return material;
    },
    stop() {
      for (const stop of stops.splice(0)) stop();
    },
    caPem: () => certs.caPem(),
    recheck,
    current: relay.current,
    onChange: relay.onChange,
  };
}

/** A TlsSource fed by hand: set() replaces the material and tells the listeners. */
export function createTlsRelay(initial?: TlsMaterial): TlsSource & { set(material: TlsMaterial): void } {
  let material = initial;
  const listeners = new Set<(material: TlsMaterial) => void>();
  return {
    current() {
      if (!material) throw new Error('no TLS material yet');
      return material;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      const first = material === undefined;
      material = next;
      if (!first) for (const l of listeners) l(next);
    },
  };
}
