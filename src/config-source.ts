/**
 * @module Where the configuration comes from, before loadConfig (pure) parses it: the
 * environment over the optional `PROV_CONFIG_FILE` (KEY=value lines, the same keys), warnings
 * for names nobody reads (a typo was silent), and the start-up check of paths that must exist.
 * main.ts (through the serve command) is the only caller; nothing here reads the environment itself.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { CONFIG_KEYS, type Config } from './config.js';
import { nearest } from './config-names.js';

/** The variable naming the configuration file; read from the environment only. */
export const CONFIG_FILE_VARIABLE = 'PROV_CONFIG_FILE';

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigSource {
  /** The file's values with the environment's over them: what loadConfig gets. */
  readonly env: Env;
  /** Lines to log once at start: unknown names (with the nearest known one), overridden file values. */
  readonly warnings: readonly string[];
}

/** A configuration problem found before the server starts, as one line naming the variable. */
export class ConfigSourceError extends Error {}

/**
 * Merges the environment over `PROV_CONFIG_FILE` (when set). A value set and non-blank in the
 * environment wins; blank counts as unset, as in loadConfig.
 * @throws ConfigSourceError when the file cannot be read or a line is not `KEY=value`.
 */
export function readConfigSource(env: Env): ConfigSource {
  const path = env[CONFIG_FILE_VARIABLE]?.trim();
  const file = path ? parseConfigFile(path) : {};
  const known = new Set<string>([...CONFIG_KEYS, CONFIG_FILE_VARIABLE]);
  const warnings: string[] = [];
  const unknown = (name: string, where: string) => {
    const guess = nearest(name, known);
    warnings.push(`${name}: unknown${where}${guess ? `; did you mean ${guess}?` : ''}`);
  };
  for (const name of Object.keys(env).sort()) if (name.startsWith('PROV_') && !known.has(name)) unknown(name, '');
  for (const name of Object.keys(file).sort()) {
    if (!known.has(name)) unknown(name, ` (in ${CONFIG_FILE_VARIABLE})`);
    else if (isSet(env[name]) && env[name] !== file[name]) {
      warnings.push(`${name}: set in ${CONFIG_FILE_VARIABLE} and in the environment; the environment's value is used`);
    }
  }
  const merged: Record<string, string | undefined> = { ...file };
  for (const [name, value] of Object.entries(env)) if (isSet(value) || !(name in file)) merged[name] = value;
  return { env: merged, warnings };
}

/**
 * Paths the server needs and does not create: the templates folder. Each problem is one line
 * naming the variable (or saying it is unset) and the path.
 */
export function checkPaths(config: Config, env: Env): string[] {
  const problems: string[] = [];
  if (!isFolder(config.templatesDir)) {
    problems.push(isSet(env.PROV_TEMPLATES_DIR)
      ? `PROV_TEMPLATES_DIR: ${config.templatesDir} is not a folder`
      : `PROV_TEMPLATES_DIR (unset): the default ${config.templatesDir} is not a folder`);
  }
  return problems;
}

// --- internal ---

/** A line is blank, a `#` comment, or `[export ]KEY=value` (a quoted value stays on its line). */
const LINE = /^\s*(?:#.*|(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=.*)?$/;

function parseConfigFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigSourceError(`${CONFIG_FILE_VARIABLE}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const bad = text.split(/\r?\n/).findIndex((line) => !LINE.test(line));
  if (bad !== -1) throw new ConfigSourceError(`${CONFIG_FILE_VARIABLE}: ${path} line ${bad + 1} is not KEY=value`);
  return parseEnv(text) as Record<string, string>;
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
