/**
 * @module `provd serve`: the configuration (environment over PROV_CONFIG_FILE) => loadConfig =>
 * createApp => start, and the process signals. SIGTERM/SIGINT stop gracefully and exit 0;
 * SIGHUP reloads templates, the secret key file and certificates. With PROV_WORKERS > 1 the same command runs as the
 * cluster primary and as each worker (cluster.fork re-runs this file with the same arguments).
 *
 * A configuration problem prints one line per problem on stderr, no stack, and exits 1.
 */
import cluster from 'node:cluster';
import { createApp, type AppRole, type RunningApp } from '../app.js';
import { checkPaths } from '../config-source.js';
import { isProvError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';
import type { CliContext } from './commands.js';
import { loadCommandConfig } from './load-config.js';

export async function serve(ctx: CliContext): Promise<number | undefined> {
  const { proc } = ctx;
  const loaded = loadCommandConfig(ctx);
  if (typeof loaded === 'number') return loaded;
  const { config, source } = loaded;
  const problems = checkPaths(config, source.env);
  for (const p of problems) proc.stderr.write(`provd: invalid configuration: ${p}\n`);
  if (problems.length > 0) return 1;

  const role: AppRole = config.workers === 1 ? 'single' : cluster.isPrimary ? 'primary' : 'worker';
  const baseLogger = createLogger({ level: config.logLevel });
  const logger = role === 'worker' ? baseLogger.child({ worker: cluster.worker?.id }) : baseLogger;
  if (role !== 'worker') for (const w of source.warnings) logger.warn(w);

  let running: RunningApp | undefined;
  const stopper = createStopper(proc, logger, () => running);
  if (role === 'worker') {
    // The primary orders stops and reloads: a terminal's Ctrl-C or hang-up reaches the whole group.
    proc.on('SIGINT', () => {});
    proc.on('SIGHUP', () => {});
    proc.on('SIGTERM', () => stopper('SIGTERM'));
  } else {
    proc.on('SIGINT', () => stopper('SIGINT'));
    proc.on('SIGTERM', () => stopper('SIGTERM'));
    proc.on('SIGHUP', () => {
      if (!running) return; // still starting: what it loads is already current
      logger.info({ signal: 'SIGHUP' }, 'reloading templates, secret keys and certificates');
      void running.reload();
    });
  }
  try {
    running = await createApp(config, logger, { role, proc, onStopRequest: () => stopper('primary') }).start();
  } catch (err) {
    logger.fatal({ code: isProvError(err) ? err.code : undefined, err: (err as Error).message }, 'could not start');
    return 1;
  }
  stopper.started();
  return undefined;
}

/**
 * Stops the app once (later signals are ignored) and exits 0, or 1 when stopping failed. A stop
 * asked for while the app is starting runs as soon as it has started.
 */
function createStopper(proc: NodeJS.Process, logger: Logger, running: () => RunningApp | undefined) {
  let requested: string | undefined;
  let stopping = false;
  const stop = (reason: string) => {
    requested ??= reason;
    const app = running();
    if (stopping || !app) return;
    stopping = true;
    logger.info({ reason: requested }, 'stopping');
    app.stop().then(
      () => proc.exit(0),
      (err: unknown) => {
        logger.error({ err: (err as Error).message }, 'error while stopping');
        proc.exit(1);
      }
    );
  };
  return Object.assign(stop, { started: () => void (requested !== undefined && stop(requested)) });
}
