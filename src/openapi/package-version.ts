/** @module The server's version for the OpenAPI document's `info.version`: package.json of the install folder. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_DIR } from '../config.js';

/** Read when called (at start), never at import. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(INSTALL_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}
