/**
 * @module The API reference page (`GET /api/docs`): Swagger UI (npm `swagger-ui-dist`) rendering
 * `/api/openapi.json`, with every asset served by this server from node_modules, so the page works
 * offline and loads nothing from another host (no CDN, no fonts, no validator badge: Swagger UI
 * would ask validator.swagger.io unless `validatorUrl` is null).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the page and its assets are served. */
export const DOCS_PATH = '/api/docs';
export const OPENAPI_PATH = '/api/openapi.json';

/** An asset of the page: a file of swagger-ui-dist, or a text made here. */
export interface DocsAsset {
  readonly contentType: string;
  readonly file?: string;
  readonly text?: string;
}

/**
 * The page's only scripts, styles, images and requests are its own host's; inline styles are
 * needed by Swagger UI's React components, inline scripts are not (the initialiser is a file).
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The HTML of the page. */
export function docsHtml(title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${DOCS_PATH}/init.js"></script>
  </body>
</html>
`;
}

/** The assets by name (`GET /api/docs/{asset}`); anything else is 404. */
export function docsAssets(): Readonly<Record<string, DocsAsset>> {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return {
    'swagger-ui.css': { contentType: 'text/css; charset=utf-8', file: join(dist, 'swagger-ui.css') },
    'swagger-ui-bundle.js': { contentType: 'text/javascript; charset=utf-8', file: join(dist, 'swagger-ui-bundle.js') },
    'favicon-32x32.png': { contentType: 'image/png', file: join(dist, 'favicon-32x32.png') },
    'init.js': { contentType: 'text/javascript; charset=utf-8', text: INIT_SCRIPT },
  };
}

// --- internal ---

// "Try it out" sends requests with the token entered under "Authorize"; it is kept in memory only.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
