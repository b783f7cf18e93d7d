/**
 * @module The redirect-service (RPS) job runner as the app runs it: one per process (a cluster's
 * primary and each worker, every node on Redis; the store's leases run each job once), clients
 * made from the stored accounts through the redirect directory, each phone given the URL its
 * vendor's service holds (the folder URL, or the file the descriptor names).
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ResolveClient } from '../redirect/jobs/clients.js';
import { createRpsRunner, type RpsRunner, type RunnerStore } from '../redirect/jobs/runner.js';
import { phoneRedirectUrl, RedirectError, type RedirectDirectory } from '../redirect/index.js';
import type { VendorRegistry } from '../vendors/registry.js';

export interface RpsWiringDeps {
  readonly config: Config;
  readonly store: RunnerStore;
  readonly directory: RedirectDirectory;
  /** The catalog's registry (answers from the templates in service, reloads included). */
  readonly registry: VendorRegistry;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Only one process of a server sets the queue-depth gauge (not a cluster worker). */
  readonly reportQueueDepth: boolean;
}

/** Creates the runner (not started: start() once the store is known to answer). */
export function createRps(deps: RpsWiringDeps): RpsRunner {
  const { config } = deps;
  return createRpsRunner(
    {
      store: deps.store,
      resolveClient: clientResolver(deps.directory, deps.registry, config.rps.timeoutMs),
      // The ports the provisioning service writes into URLs (src/app.ts), so the service holds the API's `url`.
      ports: {
        httpPort: config.http.publicPort ?? config.http.port,
        httpsPort: config.https.port === null ? undefined : (config.https.publicPort ?? config.https.port),
      },
      logger: deps.logger,
      metrics: deps.metrics,
    },
    {
      pollMs: config.rps.pollMs,
      callTimeoutMs: config.rps.timeoutMs,
      ratePerSecond: config.rps.ratePerSecond,
      retry: config.rps.retry,
      reportQueueDepth: deps.reportQueueDepth,
    }
  );
}

/**
 * An account's client: the service its `flavour` names (it must be one of the account vendor's),
 * with the account's fields as the client takes them. Messages name fields, never their values.
 */
export function clientResolver(directory: RedirectDirectory, registry: VendorRegistry, timeoutMs: number): ResolveClient {
  return (account) => {
    const definition = directory.get(account.flavour);
    if (!definition || definition.vendor !== account.vendor) throw new Error(`flavour ${account.flavour} is not a redirect service of ${account.vendor}`);
    const client = definition.create(
      { url: account.url, username: account.username, password: account.password, accessKeyId: account.access_key_id, accessKeySecret: account.access_key_secret },
      { timeoutMs }
    );
    return {
      client,
      urlFor(phone, folderUrl) {
        const vendor = registry.get(phone.vendor);
        if (!vendor) throw new RedirectError('unknown', `vendor ${phone.vendor} is not among the loaded templates`);
        return phoneRedirectUrl(folderUrl, definition, directory.forVendor(vendor), registry.filesFor(phone.vendor, phone.model, phone.mac));
      },
    };
  };
}
