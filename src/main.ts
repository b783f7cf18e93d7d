/**
 * @module Entry point: the only reader of process.env. loadConfig => createApp => start;
 * SIGINT/SIGTERM stop gracefully. A configuration error prints every problem and exits 1.
 */
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { isProvError } from './errors.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel });
  let running;
  try {
    running = await createApp(config, logger).start();
  } catch (err) {
    logger.fatal({ code: isProvError(err) ? err.code : undefined, err: (err as Error).message }, 'could not start');
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: (err as Error).message }, 'error while stopping');
        process.exit(1);
      }
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
