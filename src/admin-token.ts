/**
 * @module The admin API token when PROV_ADMIN_TOKEN is unset: generated once at first start,
 * kept in `<dataDir>/admin-token` (mode 0600), reused on every later start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AdminToken {
  readonly token: string;
  /** Where the token is kept; undefined when it came from configuration. */
  readonly path: string | undefined;
  readonly created: boolean;
}

export function resolveAdminToken(configured: string | undefined, dataDir: string): AdminToken {
  if (configured) return { token: configured, path: undefined, created: false };
  const path = join(dataDir, 'admin-token');
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length >= 16) return { token, path, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, token + '\n', { mode: 0o600 });
  chmodSync(path, 0o600); // mode is ignored when the file already existed (e.g. emptied by hand)
  return { token, path, created: true };
}
