/**
 * @module The web console's static handler on the admin listener: `GET /` (the page) and
 * `GET /console/<file>` from the assets read at start, with a strict Content-Security-Policy (no
 * inline script or style, nothing from another origin). The console holds no secret of its
 * own: it is a client of /api and signs in with an API token kept in sessionStorage.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONSOLE_PREFIX, type ConsoleAssets } from './assets.js';

/**
 * Handles a request if it is the console's; answers false for any other path (the caller goes on
 * to its own routes).
 */
export type ConsoleHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Scripts, styles, fetches only from this origin; images also as `blob:` (QR codes fetched with
 * the token) and `data:`; never framed; forms post nowhere.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // Revalidated on every load (ETag): a new version is picked up at once, an unchanged one costs a 304.
  'Cache-Control': 'no-cache',
};

/** Builds the handler over `assets` (src/console/assets.ts). */
export function createConsoleHandler(assets: ConsoleAssets): ConsoleHandler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path !== '/' && !path.startsWith(CONSOLE_PREFIX)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return true;
    }
    if (assets.missing) {
      // Deliberately not a 404: the operator learns what to do.
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(`web console not built (${assets.missing} is missing): run npm run build\n`);
      return true;
    }
    const file = assets.files.get(path);
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return true;
    }
    const headers = { ...SECURITY_HEADERS, 'Content-Type': file.contentType, ETag: file.etag };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers).end();
      return true;
    }
    res.writeHead(200, { ...headers, 'Content-Length': String(file.body.length) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
    return true;
  };
}
