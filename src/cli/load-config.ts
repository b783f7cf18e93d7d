/**
 * @module The configuration every `provd` command starts from: the environment over
 * PROV_CONFIG_FILE, validated by loadConfig. A problem prints one line on stderr (no stack) and
 * the command exits 1.
 */
import { ConfigSourceError, readConfigSource, type ConfigSource } from '../config-source.js';
import { loadConfig, type Config } from '../config.js';
import { isProvError } from '../errors.js';
import type { CliContext } from './commands.js';

/** The loaded configuration and where it came from, or the exit code after printing why not. */
export function loadCommandConfig({ env, proc }: Pick<CliContext, 'env' | 'proc'>): { config: Config; source: ConfigSource } | number {
  try {
    const source = readConfigSource(env);
    return { config: loadConfig(source.env), source };
  } catch (err) {
    if (!(err instanceof ConfigSourceError) && !isProvError(err)) throw err;
    proc.stderr.write(`provd: ${err.message}\n`);
    return 1;
  }
}
