/**
 * @module The web console's files, read once into memory: the pages and styles as written
 * (`src/console/web/*.html|css`) and the browser modules tsc compiled from the same folder
 * (`dist/console/web/**\/*.js`, built by `npm run build`, which `npm ci` runs). A fixed list of
 * URL paths, so the handler never maps a request path onto the file system.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** Where the console's files are (config.console). */
export interface ConsoleDirs {
  /** index.html and *.css, served as written. */
  readonly pagesDir: string;
  /** The compiled browser modules (*.js). */
  readonly scriptsDir: string;
}

/** One file as it is served. */
export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

/** URL path (`/`, `/console/main.js`) -> file; `missing` names what was not found (nothing is served then but a notice). */
export interface ConsoleAssets {
  readonly files: ReadonlyMap<string, ConsoleAsset>;
  readonly missing: string | null;
}

/** Served types; anything else in the folders is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The URL prefix of every file but the page itself. */
export const CONSOLE_PREFIX = '/console/';

/** Reads the console's files. Missing compiled modules are reported, not thrown: the API still starts. */
export function loadConsoleAssets(dirs: ConsoleDirs): ConsoleAssets {
  const files = new Map<string, ConsoleAsset>();
  const index = join(dirs.pagesDir, 'index.html');
  const main = join(dirs.scriptsDir, 'main.js');
  if (!existsSync(index)) return { files, missing: index };
  if (!existsSync(main)) return { files, missing: main };
  files.set('/', asset(index));
  for (const file of listFiles(dirs.pagesDir).filter((f) => ['.css', '.svg'].includes(extname(f)))) {
    files.set(CONSOLE_PREFIX + urlPath(dirs.pagesDir, file), asset(file));
  }
  for (const file of listFiles(dirs.scriptsDir).filter((f) => extname(f) === '.js')) {
    files.set(CONSOLE_PREFIX + urlPath(dirs.scriptsDir, file), asset(file));
  }
  return { files, missing: null };
}

// --- internal ---

function asset(file: string): ConsoleAsset {
  const body = readFileSync(file);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, contentType: CONTENT_TYPES[extname(file)]!, etag };
}

function urlPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}
