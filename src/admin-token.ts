/**
 * @module The admin API token when PROV_ADMIN_TOKEN is unset: generated once at first start,
 * kept in `<dataDir>/admin-token` (mode 0600, folder 0700), reused on every later start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from './secrets/data-dir.js';

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
  const token = randomBytes(32).toString('base64url');
  // A new file renamed into place: 0600 even when an old one (emptied by hand) had another mode.
  writePrivateFile(path, token + '\n');
  return { token, path, created: true };
}
