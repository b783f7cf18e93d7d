/**
 * @module Starts the admin API on a real listener (127.0.0.1, random port) over a memory store,
 * the test vendors of test/fixtures/api-vendor and the fake provisioning service; JSON helpers.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createApiApp } from '../../src/api/app.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { ResyncApi } from '../../src/api/routes/resync.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { createProvisioningService } from '../../src/provisioning/service.js';
import { createQrService, type QrService } from '../../src/qr/service.js';
import { createMemoryQrTokenStore } from '../../src/store/memory-qr.js';
import { createMemoryApiTokenStore } from '../../src/store/memory-tokens.js';
import type { ApiTokenStore } from '../../src/store/token-types.js';
import type { QrTokenStore } from '../../src/store/qr-types.js';
import { REDIRECT_SERVICES, createRedirectDirectory } from '../../src/redirect/index.js';
import { createRenderer } from '../../src/render/renderer.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry, type Vendor, type VendorRegistry } from '../../src/vendors/registry.js';
import { createFakeProvisioning } from './fake-provisioning.js';

export const TOKEN = 'test-admin-token-0123456789';
export const FIXED_NOW = new Date('2026-03-01T12:00:00.000Z');
const VENDOR_DIR = fileURLToPath(new URL('../fixtures/api-vendor/', import.meta.url));
/** Vendors named after real ones, with `redirect` entries: yealink (json, xmlrpc), gigaset (file URL), grandstream (unsupported). */
export const RPS_VENDOR_DIR = fileURLToPath(new URL('../fixtures/rps-vendor/', import.meta.url));

/** A response with its body parsed as JSON when it is JSON, else as text. */
export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface ApiHarness {
  readonly baseUrl: string;
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly metrics: Metrics;
  /** The QR service behind the QR routes (memory tokens, Cloud ID `ACME42`, phone ports 8080/8443). */
  readonly qr: QrService;
  readonly qrTokens: QrTokenStore;
  /** The API token store behind /api/tokens and authentication. */
  readonly apiTokens: ApiTokenStore;
  /** Moves the QR service's clock (token expiry) by `ms`. */
  advanceQrClock(ms: number): void;
  /** Every log line written so far, raw JSON text. */
  readonly logs: () => string;
  /** Sends `body` as JSON (a string is sent as is); adds the bearer token unless `auth: false`. */
  request<T = any>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly auth?: boolean;
  /** A bearer token instead of the bootstrap admin token TOKEN. */
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

/** The fixture vendors (acme: X100, D200; zenith: Z1), loaded by the real loader and checked as the server checks them. */
export function loadTestVendors(dir = VENDOR_DIR): Vendor[] {
  const vendors = loadVendors(dir);
  createRedirectDirectory(REDIRECT_SERVICES).check(vendors);
  return vendors;
}

export interface StartOptions {
  readonly defaultTimezone?: string;
  /** `fake` (default): test/helpers/fake-provisioning; `real`: the provisioning service and renderer. */
  readonly provisioning?: 'fake' | 'real';
  /** The store behind the API (default: a new memory store); close() leaves it open. */
  readonly store?: Store;
  /** A templates folder instead of test/fixtures/api-vendor (e.g. the real templates/, or RPS_VENDOR_DIR: vendors with redirect services). */
  readonly vendorDir?: string;
  /** PROV_DOOR_QR_PER_MINUTE (default 5). */
  readonly doorQrPerMinute?: number;
  /** Timeout of the API's redirect-service calls (account check). */
  readonly rpsTimeoutMs?: number;
  /** The API token store (default: a new memory one); close() leaves it open. */
  readonly apiTokens?: ApiTokenStore;
  /** Builds the resync routes' services from the harness's parts (default: no resync routes). */
  readonly resync?: (parts: { store: Store; registry: VendorRegistry; logger: Logger; metrics: Metrics }) => ResyncApi;
}

export async function startApi(options: StartOptions = {}): Promise<ApiHarness> {
  let logText = '';
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logText += String(chunk);
      cb();
    },
  });
  const store = options.store ?? createMemoryStore();
  const vendors = loadTestVendors(options.vendorDir);
  const registry = createVendorRegistry(vendors);
  const metrics = createMetrics();
  const logger = createLogger({ level: 'debug', destination });
  const defaultTimezone = options.defaultTimezone ?? 'Europe/Berlin';
  const real =
    options.provisioning === 'real'
      ? createProvisioningService({ store, registry, renderer: createRenderer(vendors), logger, metrics, server: { httpPort: 8080, defaultTimezone } })
      : undefined;
  const provisioning = real ?? createFakeProvisioning();
  let tick = 0;
  let qrOffset = 0;
  const qrTokens = createMemoryQrTokenStore(() => Date.now() + qrOffset);
  const qr = createQrService({
    store,
    tokens: qrTokens,
    ports: { httpPort: 8080, httpsPort: 8443 },
    settings: { tokenTtlSeconds: 86_400, acrobitsCloudId: 'ACME42' },
    now: () => Date.now() + qrOffset,
  });
  const apiTokens = options.apiTokens ?? createMemoryApiTokenStore();
  const app = createApiApp({
    tokens: apiTokens,
    qr: { service: qr, doorPerMinute: options.doorQrPerMinute ?? 5 },
    store,
    registry,
    provisioning,
    adminToken: TOKEN,
    logger,
    metrics,
    defaultTimezone,
    redirect: createRedirectDirectory(REDIRECT_SERVICES),
    ...(options.rpsTimeoutMs !== undefined ? { rpsTimeoutMs: options.rpsTimeoutMs } : {}),
    ...(options.resync ? { resync: options.resync({ store, registry, logger, metrics }) } : {}),
    // Strictly increasing, so created_at orders records by creation.
    now: () => new Date(FIXED_NOW.getTime() + 1000 * tick++),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request = async (method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...(opts.auth === false ? {} : { authorization: `Bearer ${opts.token ?? TOKEN}` }) };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(baseUrl + path, { method, headers: { ...headers, ...opts.headers }, body: payload });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, headers: res.headers, body: isJson && text ? JSON.parse(text) : text, text };
  };

  return {
    baseUrl,
    store,
    registry,
    metrics,
    qr,
    qrTokens,
    apiTokens,
    advanceQrClock: (ms) => void (qrOffset += ms),
    logs: () => logText,
    request,
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body, opts) => request('POST', path, body ?? {}, opts),
    close: () =>
      new Promise<void>((resolve, reject) => {
        real?.close();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

let counter = 0;

/** A valid user body with a unique name and extension (overrides win). */
export function userBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    name: `user${counter}`,
    password: 'Secret-Pass-1',
    email: `user${counter}@example.com`,
    display_name: `User ${counter}`,
    extension_number: String(1000 + counter),
    extension_password: 'ExtPass-1',
    voicemail_pin: '135790',
    ...overrides,
  };
}

/** Creates a user through the API and answers its view (fails the test on anything but 201). */
export async function createUser(api: ApiHarness, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post('/api/users', userBody(overrides));
  if (res.status !== 201) throw new Error(`createUser: ${res.status} ${res.text}`);
  return res.body;
}

/** Creates a phone for `userId` through the API (fails the test on anything but 201). */
export async function createPhone(api: ApiHarness, userId: string, body: Record<string, unknown>): Promise<any> {
  const res = await api.post(`/api/users/${userId}/phones`, { vendor: 'acme', model: 'X100', ...body });
  if (res.status !== 201) throw new Error(`createPhone: ${res.status} ${res.text}`);
  return res.body;
}
