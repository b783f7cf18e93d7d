/**
 * @module `GET /api/openapi.json` (the OpenAPI 3.1 document) and `GET /api/docs` (the reference
 * page and its assets). Public, like /healthz: the document holds no secret and no data, only the
 * API's shape, and a browser opening the page sends no bearer token; every operation it describes
 * still needs one ("Authorize" on the page keeps the token in the page's memory only).
 */
import { Router } from 'express';
import { docsAssets, docsHtml, DOCS_CSP, DOCS_PATH, OPENAPI_PATH } from '../../openapi/docs-page.js';
import { ProvError } from '../../errors.js';
import { param, route } from '../routing.js';

/** Mounted at the root (outside /api's token); `documentText` is the document built once at start. */
export function openApiRouter(documentText: () => string, title: string): Router {
  const router = Router();
  const assets = docsAssets();
  const html = docsHtml(title);
  const tags = ['docs'];

  route(router, OPENAPI_PATH, {
    GET: {
      summary: 'This OpenAPI 3.1 document',
      tags,
      responses: { 200: { description: 'The document, generated from the schemas that validate the API.', content: { 'application/json': 'OpenAPI 3.1 JSON.' } } },
      handler: (_req, res) => {
        res.set('Cache-Control', 'no-cache').type('application/json').send(documentText());
      },
    },
  }, 'public');
  route(router, DOCS_PATH, {
    GET: {
      summary: 'The API reference page (Swagger UI, served from this server only)',
      tags,
      responses: { 200: { description: 'HTML.', content: { 'text/html': 'The page.' } } },
      handler: (_req, res) => {
        res.set({ 'Content-Security-Policy': DOCS_CSP, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }).type('text/html').send(html);
      },
    },
  }, 'public');
  route(router, `${DOCS_PATH}/:asset`, {
    GET: {
      summary: "An asset of the reference page (Swagger UI's script, style sheet, icon, initialiser)",
      tags,
      params: { asset: `One of ${Object.keys(assets).map((a) => `\`${a}\``).join(', ')}.` },
      responses: { 200: { description: 'The asset.', content: { 'text/javascript': 'Script.', 'text/css': 'Style sheet.', 'image/png': 'Icon.' } } },
      errors: ['PROV_ERR_NOT_FOUND'],
      handler: (req, res, next) => {
        const name = param(req, 'asset');
        const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
        if (!asset) throw new ProvError('PROV_ERR_NOT_FOUND', [req.path]);
        res.set({ 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).type(asset.contentType);
        if (asset.text !== undefined) res.send(asset.text);
        else res.sendFile(asset.file!, { headers: { 'Content-Type': asset.contentType } }, (err) => err && next(err));
      },
    },
  }, 'public');
  return router;
}
