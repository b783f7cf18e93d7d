/**
 * @module The contract of a vendor redirect service (RPS) client: park a phone's provisioning URL
 * at its vendor's cloud, take it back, say what the cloud holds, check the credentials. One file
 * per service under src/redirect/services/ implements it; nothing outside those files knows a
 * vendor's API. Every failure is one RedirectError of a small vocabulary.
 */
import type { Mac } from '../domain/mac.js';

/**
 * Why a call failed, whatever the vendor said:
 * - `owned_by_other`: the MAC is registered by another account of the service (never taken over
 *   without an explicit admin action: see RegisterOptions.override);
 * - `invalid_mac`, `invalid_url`: the service refused the value;
 * - `auth_failed`: the account's credentials were refused (HTTP 401/403, a signature refused);
 * - `unavailable`: network error, timeout, HTTP 5xx or 429, a service saying it is busy:
 *   the only kind worth retrying;
 * - `unknown`: anything else (an unparseable reply, an error text we do not know).
 */
export const REDIRECT_ERROR_KINDS = ['owned_by_other', 'invalid_mac', 'invalid_url', 'auth_failed', 'unavailable', 'unknown'] as const;
export type RedirectErrorKind = (typeof REDIRECT_ERROR_KINDS)[number];

/** A failed call: `kind` for decisions, `message` the vendor's own words (never a credential). */
export class RedirectError extends Error {
  readonly kind: RedirectErrorKind;

  constructor(kind: RedirectErrorKind, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'RedirectError';
    this.kind = kind;
  }
}

export function isRedirectError(err: unknown): err is RedirectError {
  return err instanceof RedirectError;
}

/** Whether a failure may go away by itself (retry with backoff) or needs a person. */
export function isTransient(err: RedirectError): boolean {
  return err.kind === 'unavailable';
}

/** What the service holds for a MAC. */
export type RedirectLookup =
  | { readonly state: 'registered'; /** The URL it sends the phone to, when the service tells it. */ readonly url?: string }
  | { readonly state: 'absent' }
  | { readonly state: 'owned_by_other' };

export interface RegisterOptions {
  /**
   * Take the MAC over from another account, where the service allows it (an explicit admin
   * action: POST /api/phones/{mac}/rps/override). Without it, a MAC held elsewhere is
   * `owned_by_other`.
   */
  readonly override?: boolean;
  /** The phone's serial number (or Gigaset's MAC-ID check code) when the service needs it. */
  readonly serialNumber?: string;
}

/**
 * What a service may need besides the MAC to find a phone again (Gigaset names a phone by its
 * MAC-ID, MAC plus the label's check code, on every call, not only on register).
 */
export type PhoneOptions = Pick<RegisterOptions, 'serialNumber'>;

/**
 * One redirect service for one account. Calls are idempotent: registering a MAC already
 * registered with the same URL succeeds; registering it with another URL replaces the URL;
 * unregistering a MAC the service does not hold succeeds. Every call either resolves or
 * rejects with a RedirectError within the client's timeout (no call hangs).
 */
export interface RedirectService {
  /** Service id, e.g. `yealink-json` (also the account's `flavour` with the vendor). */
  readonly id: string;
  /** Points `mac` at `url` (a folder URL ending with `/`, or a file URL where the service needs one). */
  register(mac: Mac, url: string, options?: RegisterOptions): Promise<void>;
  unregister(mac: Mac, options?: PhoneOptions): Promise<void>;
  lookup(mac: Mac, options?: PhoneOptions): Promise<RedirectLookup>;
  /** Resolves when the credentials work; rejects with `auth_failed` when they do not. */
  check(): Promise<void>;
}

/** An account of a vendor's service, as the client needs it (secrets in clear, in memory only). */
export interface RedirectAccount {
  /** Base URL of the service; default the vendor's public one. Tests point it at a mock. */
  readonly url?: string;
  readonly username?: string;
  readonly password?: string;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
}

/** What a client factory gets besides the account. */
export interface RedirectClientOptions {
  /** Per-call timeout (default 15 s). */
  readonly timeoutMs?: number;
  /** Clock (ms), for signatures and nonces; tests pin it. */
  readonly now?: () => number;
}

/**
 * What URL a service must be given for a phone:
 * - `folder`: the phone's provisioning folder URL (ending with `/`); the phone (or the client, e.g.
 *   Htek's form without the `/`) knows which files to fetch from it;
 * - `file`: the URL of one file in that folder, the file the vendor's descriptor names in
 *   `redirect.file` (Gigaset: the phone fetches the URL itself, `%MACD` style).
 */
export type RedirectUrlKind = 'folder' | 'file';

/** A service's client factory, as src/redirect/index.ts lists them. */
export interface RedirectServiceDefinition {
  readonly id: string;
  /**
   * The vendor it belongs to (a vendor id of templates/, whose `redirect.services` may list it):
   * `yealink`, `fanvil`, `snom`, `gigaset`, `htek`, `akuvox`. The account is that vendor's.
   */
  readonly vendor: string;
  /** Which account fields it needs (validated before a client is made). */
  readonly credentials: 'username_password' | 'access_key';
  /** The public service URL used when the account has none. */
  readonly defaultUrl: string;
  /** Whether RegisterOptions.override takes another account's MAC over (the vendor's API allows it). */
  readonly canOverride: boolean;
  /** Which URL of the phone the service holds (see RedirectUrlKind). */
  readonly urlKind: RedirectUrlKind;
  /**
   * Why a phone cannot be registered as it is, checked before `rps: true` is accepted (Gigaset's
   * MAC-ID needs the check code in `serial_number`); undefined when it can. The one field it may
   * concern is `serial_number` (PhoneOptions).
   */
  readonly checkPhone?: (mac: Mac, options: PhoneOptions) => string | undefined;
  create(account: RedirectAccount, options?: RedirectClientOptions): RedirectService;
}
