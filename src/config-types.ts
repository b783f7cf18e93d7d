/**
 * @module The shape of the validated configuration (src/config.ts builds it from the PROV_*
 * variables; kept apart so the loader stays small). Types and one constant: importing it does nothing.
 */
import type { ClientCertMode } from './client-certs/modes.js';
import type { Cidr } from './domain/cidr.js';
import type { DeviceAuthMode } from './domain/values.js';
import type { PhonebookScope } from './phonebook/phonebook.js';

/** pino's levels, as PROV_LOG_LEVEL takes them. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The validated, frozen configuration handed to createApp. */
export interface Config {
  /**
   * The HTTP phone listener; `allow`: sources that may fetch per-phone files over HTTP and HTTPS
   * (empty: any source; common files go to anyone either way).
   */
  readonly http: { readonly host: string; readonly port: number; readonly publicPort: number | undefined; readonly allow: readonly Cidr[] };
  readonly api: { readonly host: string; readonly port: number; readonly adminToken: string | undefined };
  readonly store: {
    readonly kind: 'sqlite' | 'memory' | 'redis';
    /** Absolute: the SQLite file, the admin token and the secret key live here. */
    readonly dataDir: string;
    readonly redisUrl: string;
    readonly redisPrefix: string;
  };
  /**
   * Absolute path of the key file sealing secrets at rest (src/secrets/); default
   * `<dataDir>/secret-key`. Nodes sharing one Redis MUST point to copies of the same file.
   */
  readonly secretKeyFile: string;
  /** Absolute path of the vendor folders. */
  readonly templatesDir: string;
  /**
   * Uploaded firmware (src/firmware/): the folder holding the files and their manifests (default
   * `<dataDir>/firmware`; nodes sharing one Redis MUST share this folder) and the upload size limit.
   */
  readonly firmware: { readonly dir: string; readonly maxBytes: number };
  /** The web console's files (src/console/assets.ts): pages as written, browser modules as compiled. */
  readonly console: { readonly pagesDir: string; readonly scriptsDir: string };
  readonly defaultTimezone: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Take the phone's address from X-Forwarded-For (only behind a trusted reverse proxy). */
  readonly trustProxy: boolean;
  /** HTTPS phone path (null port = off) and its certificate: generated into `certsDir` unless `byo`. */
  readonly https: {
    readonly port: number | null;
    readonly publicPort: number | undefined;
    readonly certsDir: string;
    readonly keyType: 'ecdsa' | 'rsa';
    readonly byo: { readonly certFile: string; readonly keyFile: string } | undefined;
    /** Add the older TLS 1.2 ciphers some phone firmware needs. */
    readonly compat: boolean;
    /** Client certificates (src/client-certs/): the mode; vendor CA bundles in `<certsDir>/vendors/<vendor>/`. */
    readonly clientCert: { readonly mode: ClientCertMode; readonly casDir: string };
  };
  /** TFTP listener (null port = off); per-phone files only to sources in `allow`. */
  readonly tftp: {
    readonly host: string;
    readonly port: number | null;
    readonly allow: readonly Cidr[];
    /** Sessions in flight; when full, the oldest one whose client never ACKed is evicted. */
    readonly maxTransfers: number;
    readonly maxPerAddress: number;
    /** Largest `timeout` option acknowledged, seconds. */
    readonly maxTimeoutSeconds: number;
    /** Times OACK/DATA 1 is sent before the client's first ACK (bounds reflection). */
    readonly unansweredSends: number;
  };
  /**
   * TCP connection caps, per process: each phone listener (HTTP, HTTPS) has its own `phone`
   * budget and the admin API its own, never shared (src/http/connection-guard.ts).
   */
  readonly connections: {
    readonly phone: { readonly max: number; readonly perAddress: number };
    readonly api: { readonly max: number; readonly perAddress: number };
    /** Keep-alive idle limit once a listener holds more than half its cap, ms. */
    readonly idleUnderPressureMs: number;
  };
  /**
   * The miss throttle of the phone path (src/access/throttle.ts): `misses` refusals per source
   * and `windowS` seconds, then its misses are answered 429 / TFTP ERROR 0 for `blockS` seconds.
   * null: off (PROV_THROTTLE_MISSES=0).
   */
  readonly throttle: { readonly misses: number; readonly windowS: number; readonly blockS: number } | null;
  /** Device authentication (src/device-auth/): default mode, nonce lifetime and delivery grace (s), vendors excluded from `pin`. */
  readonly deviceAuth: { readonly mode: DeviceAuthMode; readonly nonceTtlS: number; readonly graceS: number; readonly pinExcludeVendors: readonly string[] };
  /** Softphone and door QR codes (src/qr/). */
  readonly qr: {
    /** Lifetime of a single-use token when a request names none, seconds. */
    readonly tokenTtlSeconds: number;
    /** Acrobits Cloud Softphone Cloud ID; without it that app's QR codes are refused. */
    readonly acrobitsCloudId: string | undefined;
    /** Door QR codes a phone may be asked for per minute (per user and phone, per process). */
    readonly doorPerMinute: number;
  };
  /**
   * Processes serving the phone path (HTTP, HTTPS). 1: one process does everything. More: a
   * primary keeps the admin API, TFTP and the certificates and forks this many workers.
   */
  readonly workers: number;
  /**
   * The redirect-service (RPS) job runner (src/redirect/jobs/): calls per second to one vendor,
   * a call's time limit, the outbox poll interval, and how `unavailable` is retried (ms, ms,
   * ms, ms, attempts in all).
   */
  readonly rps: {
    readonly ratePerSecond: number;
    readonly timeoutMs: number;
    readonly pollMs: number;
    readonly retry: { readonly baseMs: number; readonly capMs: number; readonly maxAttempts: number };
  };
  /**
   * Resync by SIP NOTIFY (src/resync/): NOTIFYs per second of a bulk or auto job, how long one
   * waits for the phone's final answer (timer F, ms), the UDP port phones take SIP on, and
   * whether every phone is resynced after a change (else only phones with `auto_resync`).
   */
  /** The remote phonebook (src/phonebook/): which enabled users a directory file lists. */
  readonly phonebook: { readonly scope: PhonebookScope };
  readonly resync: { readonly ratePerSecond: number; readonly timeoutMs: number; readonly sipPort: number; readonly onChange: boolean };
}
