/**
 * @module The HTTPS phone listener with its certificate life cycle: load or create the
 * certificate at start, serve the phone handler over TLS, re-check (and swap in place, without a
 * restart) every 12 hours and whenever the network settings change (the SANs follow them).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCertificateManager, type CertificateManager } from '../certs/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import { createHttpsPhoneServer, swapCertificate } from './https-server.js';
import { close, listen } from './listen.js';

export interface HttpsListener {
  start(): Promise<number>;
  stop(): Promise<void>;
  /** The CA phones should trust (PEM), null when unknown (bring-your-own without its root). */
  caPem(): string | null;
}

export function createHttpsListener(deps: {
  readonly config: Config['https'];
  readonly host: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly store: Store;
  readonly logger: Logger;
}): HttpsListener {
  const { config, store, logger } = deps;
  const certs: CertificateManager = createCertificateManager({
    dir: config.certsDir,
    keyType: config.keyType,
    byo: config.byo,
    logger,
    names: async () => {
      const n = await store.getNetwork();
      return [n.web_domain, n.sbc_domain, n.sip_domain, n.private_ipv4, n.public_ipv4, n.private_ipv6, n.public_ipv6, 'localhost', '127.0.0.1', '::1'];
    },
  });
  const stops: (() => void)[] = [];
  let server: ReturnType<typeof createHttpsPhoneServer> | undefined;

  const recheck = () => {
    certs.renewIfNeeded().then(
      (changed) => {
        const material = certs.current();
        if (changed && server && material) {
          swapCertificate(server, material);
          logger.info({ notAfter: material.notAfter, sans: material.sans }, 'HTTPS certificate replaced');
        }
      },
      (err: unknown) => logger.error({ err: (err as Error).message }, 'HTTPS certificate check failed')
    );
  };

  return {
    async start() {
      const material = await certs.ensure();
      server = createHttpsPhoneServer({ handler: deps.handler, tls: material, compat: config.compat });
      const port = await listen(server, config.port!, deps.host);
      logger.info({ keyType: material.keyType, notAfter: material.notAfter, sans: material.sans, dir: config.certsDir }, 'HTTPS certificate in use');
      const s = server;
      stops.push(certs.startRenewal({ onRenewed: (m) => swapCertificate(s, m) }));
      stops.push(store.subscribe((e) => (e.kind === 'network' || e.kind === 'reset') && recheck()));
      return port;
    },
    async stop() {
      for (const stop of stops.splice(0)) stop();
      if (server) await close(server);
    },
    caPem: () => certs.caPem(),
  };
}
