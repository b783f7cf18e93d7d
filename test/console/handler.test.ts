/**
 * The web console's static handler on a real node:http listener: a fixed set of files with
 * their content types and a strict CSP, ETag revalidation, GET/HEAD only, other paths left to
 * the API, and a clear 503 when the browser modules were never built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsoleAssets } from '../../src/console/assets.js';
import { CONSOLE_CSP, createConsoleHandler } from '../../src/console/handler.js';
import { listen } from '../../src/http/listen.js';
import { raw } from '../helpers/raw-http.js';

const root = mkdtempSync(join(tmpdir(), 'provd-console-'));
const pagesDir = join(root, 'pages');
const scriptsDir = join(root, 'scripts');

/** A listener with the console in front of a fallback that answers 418 (standing in for the API). */
async function serve(dirs: { pagesDir: string; scriptsDir: string }): Promise<{ base: string; server: Server }> {
  const handle = createConsoleHandler(loadConsoleAssets(dirs));
  const server = createServer((req, res) => void (handle(req, res) || res.writeHead(418).end('api')));
  const port = await listen(server, 0, '127.0.0.1');
  return { base: `http://127.0.0.1:${port}`, server };
}

describe('console static handler', () => {
  let base: string;
  let server: Server;

  beforeAll(async () => {
    mkdirSync(join(scriptsDir, 'pages'), { recursive: true });
    mkdirSync(pagesDir, { recursive: true });
    writeFileSync(join(pagesDir, 'index.html'), '<!doctype html><script type="module" src="/console/main.js"></script>');
    writeFileSync(join(pagesDir, 'console.css'), 'body{}');
    writeFileSync(join(pagesDir, 'main.ts'), 'source, not served');
    writeFileSync(join(scriptsDir, 'main.js'), 'import "./pages/users.js";');
    writeFileSync(join(scriptsDir, 'pages', 'users.js'), 'export {};');
    ({ base, server } = await serve({ pagesDir, scriptsDir }));
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the page, styles and modules with their content types and the CSP', async () => {
    const page = await fetch(`${base}/`);
    const css = await fetch(`${base}/console/console.css`);
    const nested = await fetch(`${base}/console/pages/users.js`);

    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('/console/main.js');
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect([nested.status, nested.headers.get('content-type'), await nested.text()]).toEqual([200, 'text/javascript; charset=utf-8', 'export {};']);
  });

  it('answers 304 to a matching If-None-Match and HEAD without a body', async () => {
    const first = await fetch(`${base}/console/main.js`);
    const again = await fetch(`${base}/console/main.js`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    const head = await raw(base, 'HEAD', '/console/main.js');

    expect(again.status).toBe(304);
    expect([head.status, head.body.length]).toEqual([200, 0]);
  });

  it('serves no source, no traversal and no other method; leaves every other path to the API', async () => {
    expect((await raw(base, 'GET', '/console/main.ts')).status).toBe(404);
    expect((await raw(base, 'GET', '/console/../pages/index.html')).status).toBe(404);
    expect((await raw(base, 'GET', '/console/%2e%2e/scripts/main.js')).status).toBe(404);
    expect((await raw(base, 'POST', '/')).status).toBe(405);
    expect((await raw(base, 'GET', '/api/users')).status).toBe(418);
    expect((await raw(base, 'GET', '/consolex')).status).toBe(418);
  });

  it('answers 503 naming the missing build when the modules were never compiled', async () => {
    const unbuilt = await serve({ pagesDir, scriptsDir: join(root, 'nowhere') });
    const res = await fetch(`${unbuilt.base}/`);
    unbuilt.server.close();

    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
