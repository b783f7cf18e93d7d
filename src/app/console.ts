/** @module The web console for the admin listener: its files read once, a warning when they are not built. */
import { loadConsoleAssets } from '../console/assets.js';
import { createConsoleHandler, type ConsoleHandler } from '../console/handler.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** The console handler; when its files are missing the API still starts and `/` says how to build them. */
export function openConsole(config: Config, logger: Logger): ConsoleHandler {
  const assets = loadConsoleAssets(config.console);
  if (assets.missing) logger.warn({ missing: assets.missing }, 'web console not built: run npm run build');
  return createConsoleHandler(assets);
}
