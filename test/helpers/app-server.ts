/**
 * @module The whole server (createApp, real templates) in this process on a given store, with
 * its log lines captured and small clients for the admin API and the phone path. For tests of
 * store failures (a redis-server of the test's own) and restarts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from './free-port.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

export interface AppServer {
  readonly running: RunningApp;
  /** PROV_DATA_DIR of this server (SQLite file, admin token), removed by stop(). */
  readonly dataDir: string;
  /** Every log line so far, parsed. */
  logs(): Record<string, unknown>[];
  /** An admin API call (bearer token added); `path` starts with `/`. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  /** A phone-path GET of `/provision/<folder>/<file>`. */
  phone(folder: string, file: string): Promise<{ status: number; headers: Headers; body: string }>;
  /** Stops the server, then starts it again on the same configuration (same data dir, same ports). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the server with `env` on top of test defaults (free ports, a temp data dir, no HTTPS or TFTP). */
export async function startAppServer(env: Record<string, string>): Promise<AppServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'provd-app-'));
  const config = loadConfig({
    PROV_HTTP_PORT: String(await freePort()),
    PROV_API_PORT: String(await freePort()),
    PROV_HOST: '127.0.0.1',
    PROV_DATA_DIR: dataDir,
    PROV_TEMPLATES_DIR: TEMPLATES,
    PROV_HTTPS_PORT: 'off',
    PROV_TFTP_PORT: 'off',
    PROV_LOG_LEVEL: 'info',
    ...env,
  });
  const lines: string[] = [];
  const destination = new Writable({ write: (c, _e, cb) => (lines.push(...String(c).split('\n').filter(Boolean)), cb()) });
  const logger = createLogger({ level: 'info', destination });
  let running = await createApp(config, logger).start();

  return {
    get running() {
      return running;
    },
    dataDir,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    async api(method, path, body, headers = {}) {
      const res = await fetch(`http://127.0.0.1:${running.ports.api}${path}`, {
        method,
        headers: { authorization: `Bearer ${running.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
    },
    async phone(folder, file) {
      const res = await fetch(`http://127.0.0.1:${running.ports.http}/provision/${folder}/${file}`);
      return { status: res.status, headers: res.headers, body: await res.text() };
    },
    async restart() {
      await running.stop();
      running = await createApp(config, logger).start();
    },
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
