/**
 * @module `provd rotate-key [--add-only | --reseal | --retire]`: the key rotation of README
 * "Secrets at rest" over the configured store (same configuration as `provd serve`). Runs beside
 * running servers; log lines on stdout like the server's.
 */
import { createLogger } from '../logger.js';
import { createRotateKeyCommand } from '../secrets/rotate-command.js';
import { openStoreRecords } from '../secrets/store-secrets.js';
import type { CliContext } from './commands.js';
import { loadCommandConfig } from './load-config.js';

const rotate = createRotateKeyCommand({ openRecords: openStoreRecords });

export async function rotateKey(ctx: CliContext): Promise<number> {
  const loaded = loadCommandConfig(ctx);
  if (typeof loaded === 'number') return loaded;
  const logger = createLogger({ level: loaded.config.logLevel === 'silent' ? 'info' : loaded.config.logLevel });
  return rotate(loaded.config, logger, ctx.args);
}
