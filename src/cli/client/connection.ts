/**
 * @module Where a client command finds the API and its token: `--api` / `--token`, else
 * PROVD_API / PROVD_TOKEN of the environment it is given, else `http://127.0.0.1:8081` and the
 * admin token file of the data folder (PROV_DATA_DIR, default `<install>/data`) when readable.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INSTALL_DIR } from '../../config.js';

export const DEFAULT_API = 'http://127.0.0.1:8081';

/** What `--api` and `--token` gave (either may be absent). */
export interface ConnectionOptions {
  readonly api?: string;
  readonly token?: string;
}

export interface Connection {
  /** The API's base URL without a trailing slash, e.g. `http://127.0.0.1:8081`. */
  readonly api: string;
  /** The bearer token, or undefined when none was given nor found (the API will answer 401). */
  readonly token: string | undefined;
}

/** Resolves the connection; `env` is passed in (only src/main.ts reads the environment). */
export function resolveConnection(options: ConnectionOptions, env: Readonly<Record<string, string | undefined>>, installDir = INSTALL_DIR): Connection {
  const api = (options.api ?? nonBlank(env.PROVD_API) ?? DEFAULT_API).replace(/\/+$/, '');
  const token = options.token ?? nonBlank(env.PROVD_TOKEN) ?? defaultTokenOf(env, installDir);
  return { api, token };
}

// --- internal ---

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The server's own admin token file (src/admin-token.ts), when this user may read it. */
function defaultTokenOf(env: Readonly<Record<string, string | undefined>>, installDir: string): string | undefined {
  const dataDir = nonBlank(env.PROV_DATA_DIR);
  const file = join(dataDir === undefined ? join(installDir, 'data') : resolve(dataDir), 'admin-token');
  try {
    return nonBlank(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // unreadable or absent: the API's 401 then says what is missing
  }
}
