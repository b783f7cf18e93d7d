/**
 * The API reference page (issue 13 §1): `/api/docs` and its assets answer without a token, with
 * the right content types, from this server only (no CDN: the server may run offline); headless
 * Chromium, with every host but 127.0.0.1 unresolvable, renders every documented operation with no
 * console message (a CSP refusal of another host would be one). A screenshot is left for review.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool } from '../helpers/system-tool.js';
import { startFullApi, type FullApi } from '../helpers/full-api.js';

const CHROMIUM = hasTool('chromium', ['--version'], 'REQUIRE_CHROMIUM', 'chromium');
const run = promisify(execFile);

const TYPES: Record<string, RegExp> = { css: /^text\/css/, js: /^text\/javascript/, png: /^image\/png$/ };

describe('API reference page', () => {
  let api: FullApi;
  let html: string;

  beforeAll(async () => {
    api = await startFullApi();
    const res = await api.request('GET', '/api/docs', { token: null });
    expect(res.status).toBe(200);
    html = await res.text();
  });
  afterAll(() => api.close());

  it('answers the page without a token, with a policy that allows only its own host', async () => {
    const res = await api.request('GET', '/api/docs', { token: null });

    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
  });

  it('serves every script, style sheet and icon it references, from this server, with its content type', async () => {
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const ref of refs) {
      expect(ref).toMatch(/^\/api\/docs\/[\w.-]+$/);
      const res = await api.request('GET', ref, { token: null });
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.status, ref).toBe(200);
      expect(res.headers.get('content-type'), ref).toMatch(TYPES[ref.split('.').pop()!]!);
      expect(body.length, ref).toBeGreaterThan(100);
    }
  });

  it('names no other host in the page or its initialiser, and turns the validator badge off', async () => {
    const init = await (await api.request('GET', '/api/docs/init.js', { token: null })).text();

    expect(html).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+/i);
    expect(init).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+/i);
    // Swagger UI would otherwise load its badge from validator.swagger.io.
    expect(init).toContain('validatorUrl: null');
    expect(init).toContain('url: "/api/openapi.json"');
  });

  it('answers 404 for any other asset name, the path tricks included', async () => {
    for (const path of ['/api/docs/index.html', '/api/docs/..%2Fpackage.json', '/api/docs/swagger-initializer.js', '/api/docs/toString']) {
      const res = await api.request('GET', path, { token: null });
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('PROV_ERR_NOT_FOUND');
    }
  });

  it.skipIf(!CHROMIUM)('renders every documented operation in headless Chromium with only 127.0.0.1 reachable, without a console message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provd-docs-'));
    const doc = (await (await api.request('GET', '/api/openapi.json', { token: null })).json()) as { paths: Record<string, Record<string, { summary: string }>> };
    const common = ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', `--user-data-dir=${join(dir, 'profile')}`,
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--virtual-time-budget=10000', '--window-size=1280,900'];

    const { stdout: dom, stderr } = await run('chromium', [...common, '--dump-dom', `${api.baseUrl}/api/docs`], { maxBuffer: 64 << 20, timeout: 90_000 });
    await run('chromium', [...common, `--screenshot=${join(dir, 'api-docs.png')}`, `${api.baseUrl}/api/docs`], { timeout: 90_000 });

    const missing = Object.entries(doc.paths).flatMap(([path, item]) => [
      `data-path="${path}"`,
      ...Object.values(item).map((op) => op.summary.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')),
    ]).filter((text) => !dom.includes(text));
    expect(missing).toStrictEqual([]);
    expect(stderr.split('\n').filter((line) => line.includes(':CONSOLE'))).toStrictEqual([]);
    expect(readFileSync(join(dir, 'api-docs.png')).subarray(1, 4).toString()).toBe('PNG');
    console.log(`screenshot: ${join(dir, 'api-docs.png')}`);
  }, 200_000);
});
