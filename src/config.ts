/** @module Server configuration: every PROV_* variable, validated once at start and frozen. */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseCidrList, type Cidr } from './domain/cidr.js';
import { isIanaTimezone } from './domain/timezone.js';
import { CLIENT_CERT_MODES, type ClientCertMode } from './client-certs/modes.js';
import { DEVICE_AUTH_MODES, type DeviceAuthMode } from './domain/values.js';
import { ProvError } from './errors.js';
import { PHONEBOOK_SCOPES } from './phonebook/phonebook.js';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
/** A port, or `off` to disable the listener. */
const portOrOff = z.union([z.literal('off').transform(() => null), port]);
const cidrList = z.string().transform((text, ctx): Cidr[] => {
  try {
    return parseCidrList(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});
/**
 * The folder provd is installed in (the one holding package.json, templates/ and dist/): this
 * file is src/config.ts or dist/config.js, one level below it either way. Default paths resolve
 * from here, so the server starts from any working directory (systemd, a container, a shell).
 */
export const INSTALL_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A whole number within [min, max], with the range in the message. */
const bounded = (min: number, max: number) =>
  z.coerce.number().int('must be a whole number').min(min, `must be ${min}-${max}`).max(max, `must be ${min}-${max}`);

const timezone = z
  .string()
  .refine((tz) => isIanaTimezone(tz), { message: 'must be an IANA time zone name such as Europe/Berlin' });

/**
 * The environment as the server reads it. Each key is documented in the README table
 * "Configuration"; defaults live here and nowhere else.
 */
const EnvSchema = z.object({
  PROV_HTTP_PORT: port.default(8080),
  PROV_API_PORT: port.default(8081),
  PROV_HOST: z.string().min(1).default('0.0.0.0'),
  PROV_API_HOST: z.string().min(1).default('127.0.0.1'),
  PROV_STORE: z.enum(['sqlite', 'memory', 'redis']).default('sqlite'),
  PROV_DATA_DIR: z.string().min(1).optional(),
  PROV_FIRMWARE_DIR: z.string().min(1).optional(),
  PROV_FIRMWARE_MAX_BYTES: bounded(1, Number.MAX_SAFE_INTEGER).default(512 * 1024 * 1024),
  PROV_REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  PROV_REDIS_PREFIX: z.string().min(1).default('provd:'),
  PROV_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PROV_SECRET_KEY_FILE: z.string().min(1).optional(),
  PROV_TEMPLATES_DIR: z.string().min(1).optional(),
  PROV_PUBLIC_HTTP_PORT: port.optional(),
  PROV_DEFAULT_TIMEZONE: timezone.default('UTC'),
  PROV_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  PROV_TRUST_PROXY: bool.default(false),
  PROV_HTTPS_PORT: portOrOff.default(8443),
  PROV_PUBLIC_HTTPS_PORT: port.optional(),
  PROV_CERTS_DIR: z.string().min(1).optional(),
  PROV_TLS_KEY_TYPE: z.enum(['ecdsa', 'rsa']).default('ecdsa'),
  PROV_TLS_CERT: z.string().min(1).optional(),
  PROV_TLS_KEY: z.string().min(1).optional(),
  PROV_TLS_COMPAT: bool.default(false),
  PROV_HTTPS_CLIENT_CERT: z.enum(CLIENT_CERT_MODES).default('off'),
  PROV_TFTP_PORT: portOrOff.default(6969),
  PROV_TFTP_HOST: z.string().min(1).default('0.0.0.0'),
  PROV_TFTP_ALLOW: cidrList.default([]),
  PROV_HTTP_ALLOW: cidrList.default([]),
  PROV_THROTTLE_MISSES: z.coerce.number().int('must be a whole number').min(0, 'must be 0 (off) to 100000').max(100_000, 'must be 0 (off) to 100000').default(50),
  PROV_THROTTLE_WINDOW: z.coerce.number().int('must be whole seconds').min(1, 'must be 1-86400 seconds').max(86_400, 'must be 1-86400 seconds').default(60),
  PROV_THROTTLE_BLOCK: z.coerce.number().int('must be whole seconds').min(1, 'must be 1-86400 seconds').max(86_400, 'must be 1-86400 seconds').default(300),
  PROV_TFTP_MAX_TRANSFERS: bounded(1, 65535).default(2048),
  PROV_TFTP_MAX_PER_ADDRESS: bounded(1, 1024).default(8),
  PROV_TFTP_MAX_TIMEOUT: bounded(1, 255).default(10),
  PROV_TFTP_UNANSWERED_SENDS: bounded(1, 6).default(2),
  PROV_HTTP_MAX_CONNECTIONS: bounded(1, 1_000_000).default(4096),
  PROV_HTTP_MAX_CONNECTIONS_PER_ADDRESS: bounded(1, 1_000_000).default(1024),
  PROV_HTTP_IDLE_UNDER_PRESSURE: bounded(1, 65).default(5),
  PROV_API_MAX_CONNECTIONS: bounded(1, 1_000_000).default(256),
  PROV_QR_TOKEN_TTL: z.coerce.number().int('must be whole seconds').min(60, 'must be 60-604800 seconds').max(604800, 'must be 60-604800 seconds').default(86400),
  PROV_QR_ACROBITS_CLOUD_ID: z.string().regex(/^[A-Za-z0-9]+\*?$/, 'must be letters and digits (a trailing * picks the test build)').optional(),
  PROV_DOOR_QR_PER_MINUTE: z.coerce.number().int('must be a whole number').min(1, 'must be 1-1000').max(1000, 'must be 1-1000').default(5),
  PROV_RPS_RATE: z.coerce.number().positive().max(1000).default(5),
  PROV_RPS_TIMEOUT: z.coerce.number().int().min(50).max(300_000).default(15_000),
  PROV_RPS_POLL: z.coerce.number().int().min(10).max(3_600_000).default(1_000),
  PROV_RPS_RETRY_BASE: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
  PROV_RPS_RETRY_CAP: z.coerce.number().int().min(1).max(86_400_000).default(300_000),
  PROV_RPS_RETRY_MAX: z.coerce.number().int().min(1).max(1_000).default(10),
  PROV_RESYNC_RATE: z.coerce.number().positive('must be more than 0').max(1000, 'must be at most 1000 per second').default(5),
  // Not RFC 3261's 64·T1 = 32 s (meant for requests crossing proxies): a phone answers its
  // provisioning server's NOTIFY in milliseconds, and 8 s still sends it 5 times (0, 0.5, 1.5, 3.5, 7.5 s).
  PROV_RESYNC_TIMEOUT: bounded(500, 300_000).default(8_000),
  PROV_RESYNC_SIP_PORT: bounded(1, 65535).default(5060),
  PROV_RESYNC_ON_CHANGE: bool.default(false),
  PROV_DEVICE_AUTH: z.enum(DEVICE_AUTH_MODES).default('none'),
  PROV_DEVICE_AUTH_NONCE_TTL: bounded(10, 86_400).default(300),
  PROV_DEVICE_AUTH_GRACE: bounded(0, 86_400).default(600),
  PROV_PHONEBOOK_SCOPE: z.enum(PHONEBOOK_SCOPES).default('all'),
  PROV_PIN_EXCLUDE_VENDORS: z.string().regex(/^[a-z0-9_-]+(,[a-z0-9_-]+)*$/, 'must be vendor ids separated by commas, such as snom,gigaset').transform((t) => t.split(',')).default([]),
  PROV_WORKERS: z
    .union([z.literal('auto').transform(() => availableParallelism()), z.coerce.number().int().min(1).max(64)])
    .default(1),
}).refine((e) => e.PROV_RPS_RETRY_BASE <= e.PROV_RPS_RETRY_CAP, {
  path: ['PROV_RPS_RETRY_BASE'],
  message: 'must not be more than PROV_RPS_RETRY_CAP',
}).refine((e) => (e.PROV_TLS_CERT === undefined) === (e.PROV_TLS_KEY === undefined), {
  path: ['PROV_TLS_CERT'],
  message: 'PROV_TLS_CERT and PROV_TLS_KEY go together (bring your own certificate and key)',
}).refine((e) => e.PROV_WORKERS === 1 || e.PROV_STORE !== 'memory', {
  path: ['PROV_WORKERS'],
  message: 'workers need a shared store: the memory store lives in one process (use sqlite or redis)',
});

export type Env = z.input<typeof EnvSchema>;

import { LOG_LEVELS, type Config } from './config-types.js';

export type { Config } from './config-types.js';

/** Every variable loadConfig reads (the README "Configuration" table lists each). */
export const CONFIG_KEYS: readonly string[] = Object.freeze(Object.keys(EnvSchema.shape));

export interface LoadConfigOptions {
  /** Where unset paths default to (`<installDir>/templates`, `data`, `certs`); default INSTALL_DIR. */
  readonly installDir?: string;
}

/**
 * Parses the environment into a frozen Config. Every path in it is absolute: an unset one
 * defaults to a folder of the install folder, a relative one given in the environment is taken
 * from the working directory (as any command-line tool does).
 * @throws ProvError PROV_ERR_CONFIG_INVALID listing every invalid variable, one per line.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, options: LoadConfigOptions = {}): Config {
  const picked = Object.fromEntries(
    // Empty or blank counts as unset: `PROV_HTTP_PORT=" "` must not coerce to port 0.
    Object.keys(EnvSchema.shape).map((k) => [k, env[k]?.trim() === '' ? undefined : env[k]])
  );
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ProvError('PROV_ERR_CONFIG_INVALID', [lines.join('\n')]);
  }
  const e = parsed.data;
  const installDir = options.installDir ?? INSTALL_DIR;
  const path = (value: string | undefined, fallback: string) => (value === undefined ? join(installDir, fallback) : resolve(value));
  const dataDir = path(e.PROV_DATA_DIR, 'data');
  return deepFreeze({
    http: { host: e.PROV_HOST, port: e.PROV_HTTP_PORT, publicPort: e.PROV_PUBLIC_HTTP_PORT, allow: e.PROV_HTTP_ALLOW },
    api: { host: e.PROV_API_HOST, port: e.PROV_API_PORT, adminToken: e.PROV_ADMIN_TOKEN },
    store: {
      kind: e.PROV_STORE,
      dataDir,
      redisUrl: e.PROV_REDIS_URL,
      redisPrefix: e.PROV_REDIS_PREFIX,
    },
    secretKeyFile: e.PROV_SECRET_KEY_FILE === undefined ? join(dataDir, 'secret-key') : resolve(e.PROV_SECRET_KEY_FILE),
    templatesDir: path(e.PROV_TEMPLATES_DIR, 'templates'),
    firmware: { dir: e.PROV_FIRMWARE_DIR === undefined ? join(dataDir, 'firmware') : resolve(e.PROV_FIRMWARE_DIR), maxBytes: e.PROV_FIRMWARE_MAX_BYTES },
    console: { pagesDir: join(installDir, 'src', 'console', 'web'), scriptsDir: join(installDir, 'dist', 'console', 'web') },
    defaultTimezone: e.PROV_DEFAULT_TIMEZONE,
    logLevel: e.PROV_LOG_LEVEL,
    trustProxy: e.PROV_TRUST_PROXY,
    https: {
      port: e.PROV_HTTPS_PORT,
      publicPort: e.PROV_PUBLIC_HTTPS_PORT,
      certsDir: path(e.PROV_CERTS_DIR, 'certs'),
      keyType: e.PROV_TLS_KEY_TYPE,
      byo: e.PROV_TLS_CERT && e.PROV_TLS_KEY ? { certFile: e.PROV_TLS_CERT, keyFile: e.PROV_TLS_KEY } : undefined,
      compat: e.PROV_TLS_COMPAT,
      clientCert: { mode: e.PROV_HTTPS_CLIENT_CERT, casDir: join(path(e.PROV_CERTS_DIR, 'certs'), 'vendors') },
    },
    tftp: {
      host: e.PROV_TFTP_HOST,
      port: e.PROV_TFTP_PORT,
      allow: e.PROV_TFTP_ALLOW,
      maxTransfers: e.PROV_TFTP_MAX_TRANSFERS,
      maxPerAddress: e.PROV_TFTP_MAX_PER_ADDRESS,
      maxTimeoutSeconds: e.PROV_TFTP_MAX_TIMEOUT,
      unansweredSends: e.PROV_TFTP_UNANSWERED_SENDS,
    },
    connections: {
      phone: { max: e.PROV_HTTP_MAX_CONNECTIONS, perAddress: Math.min(e.PROV_HTTP_MAX_CONNECTIONS_PER_ADDRESS, e.PROV_HTTP_MAX_CONNECTIONS) },
      // The admin API is a handful of operators and scripts: one address may use the whole budget.
      api: { max: e.PROV_API_MAX_CONNECTIONS, perAddress: e.PROV_API_MAX_CONNECTIONS },
      idleUnderPressureMs: e.PROV_HTTP_IDLE_UNDER_PRESSURE * 1000,
    },
    throttle: e.PROV_THROTTLE_MISSES === 0 ? null : { misses: e.PROV_THROTTLE_MISSES, windowS: e.PROV_THROTTLE_WINDOW, blockS: e.PROV_THROTTLE_BLOCK },
    deviceAuth: { mode: e.PROV_DEVICE_AUTH, nonceTtlS: e.PROV_DEVICE_AUTH_NONCE_TTL, graceS: e.PROV_DEVICE_AUTH_GRACE, pinExcludeVendors: e.PROV_PIN_EXCLUDE_VENDORS },
    qr: { tokenTtlSeconds: e.PROV_QR_TOKEN_TTL, acrobitsCloudId: e.PROV_QR_ACROBITS_CLOUD_ID, doorPerMinute: e.PROV_DOOR_QR_PER_MINUTE },
    workers: e.PROV_WORKERS,
    rps: {
      ratePerSecond: e.PROV_RPS_RATE,
      timeoutMs: e.PROV_RPS_TIMEOUT,
      pollMs: e.PROV_RPS_POLL,
      retry: { baseMs: e.PROV_RPS_RETRY_BASE, capMs: e.PROV_RPS_RETRY_CAP, maxAttempts: e.PROV_RPS_RETRY_MAX },
    },
    phonebook: { scope: e.PROV_PHONEBOOK_SCOPE },
    resync: { ratePerSecond: e.PROV_RESYNC_RATE, timeoutMs: e.PROV_RESYNC_TIMEOUT, sipPort: e.PROV_RESYNC_SIP_PORT, onChange: e.PROV_RESYNC_ON_CHANGE },
  });
}

// --- internal ---

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
