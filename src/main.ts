#!/usr/bin/env node
/**
 * @module Entry point: the only reader of process.env. loadConfig => createApp => start;
 * SIGINT/SIGTERM stop gracefully. A configuration error prints every problem and exits 1.
 * With PROV_WORKERS > 1 the same file runs as the cluster primary and as each worker.
 */
import cluster from 'node:cluster';
import { createApp, type AppRole, type RunningApp } from './app.js';
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
  const role: AppRole = config.workers === 1 ? 'single' : cluster.isPrimary ? 'primary' : 'worker';
  const baseLogger = createLogger({ level: config.logLevel });
  const logger = role === 'worker' ? baseLogger.child({ worker: cluster.worker?.id }) : baseLogger;
  let running: RunningApp | undefined;
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping || !running) return;
    stopping = true;
    logger.info({ reason }, 'stopping');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: (err as Error).message }, 'error while stopping');
        process.exit(1);
      }
    );
  };
  try {
    running = await createApp(config, logger, { role, proc: process, onStopRequest: () => shutdown('primary') }).start();
  } catch (err) {
    logger.fatal({ code: isProvError(err) ? err.code : undefined, err: (err as Error).message }, 'could not start');
    process.exit(1);
  }
  if (role === 'worker') {
    // The primary orders the stop: it also gets the terminal's Ctrl-C (sent to the whole group).
    process.on('SIGINT', () => {});
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    return;
  }
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
