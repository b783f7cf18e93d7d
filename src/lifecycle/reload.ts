/**
 * @module The reload (SIGHUP): vendor templates, the secret key file, the vendor CA bundles of
 * client certificates and brought-your-own certificates are read again while every listener keeps running (no connection is dropped). A
 * reload that fails keeps what is in service and says why, naming the file.
 */
import type { ToWorker } from '../cluster/messages.js';
import { isProvError } from '../errors.js';
import type { Logger } from '../logger.js';

export interface ReloadDeps {
  /** The vendor catalog (src/vendors/catalog.ts); reload() throws and keeps the old load on error. */
  readonly catalog: { reload(): { readonly vendors: readonly { readonly id: string }[] } };
  /** Its rendered files are dropped after a reload, so phones get the new bytes. */
  readonly provisioning: { invalidate(): void };
  /**
   * The secret key file (src/secrets/): re-read so records sealed under a key added by
   * `provd rotate-key` open here too (every process, workers included: they open users too);
   * a file that fails to read keeps the keys held and logs why.
   */
  readonly secrets?: { reloadSecrets(): boolean };
  /** The vendor CA bundles of client certificates (every process: each runs its HTTPS listener). */
  readonly clientCerts?: { reload(): void };
  /** The certificate life cycle (absent in a worker and when HTTPS is off). */
  readonly certs?: { recheck(): Promise<boolean> };
  /** A cluster primary's workers: each reloads its own catalog (certificates reach them as provd:tls). */
  readonly workers?: { broadcast(message: ToWorker): void };
  readonly logger: Logger;
}

/** Answers the reload function; it never rejects (every failure is logged). */
export function createReload(deps: ReloadDeps): () => Promise<void> {
  const { logger } = deps;
  return async () => {
    try {
      const load = deps.catalog.reload();
      deps.provisioning.invalidate();
      logger.info({ vendors: load.vendors.map((v) => v.id) }, 'vendor templates reloaded');
    } catch (err) {
      logger.error({ code: isProvError(err) ? err.code : undefined, err: (err as Error).message }, 'vendor templates not reloaded; the ones in use stay');
    }
    deps.secrets?.reloadSecrets(); // logs what it loaded, or why it kept the keys held
    deps.clientCerts?.reload(); // logs what it loaded, or why it kept the bundles in use
    deps.workers?.broadcast({ type: 'provd:reload' });
    await deps.certs?.recheck();
  };
}
