/**
 * @module The softphone QR service: builds a user's payload for an app (the account and server
 * as phone files get them), issues single-use tokens for URL-type apps, and answers a token's
 * first fetch on the phone path with the app's configuration. Payloads carrying a password are
 * built on each request and never stored; a token's record holds no secret either.
 */
import type { Network } from '../domain/network.js';
import type { User } from '../domain/user.js';
import { phoneBaseUrl } from '../render/server-address.js';
import type { QrTokenStore } from '../store/qr-types.js';
import { qrAccount, type QrPorts } from './account.js';
import { isQrAppId, QR_APPS, type QrAppId } from './apps.js';
import { hashQrToken, newQrToken, QR_TOKEN_SHAPE } from './tokens.js';
import type { AppConfiguration, QrSettings } from './types.js';

/** Path of the token URLs on the phone listeners: `<base>/qr/<token>`. */
export const QR_TOKEN_PATH = '/qr/';

export interface QrServiceDeps {
  /** The reads it needs of the store (users and network settings). */
  readonly store: { getUser(id: string): Promise<User | undefined>; getNetwork(): Promise<Network> };
  readonly tokens: QrTokenStore;
  readonly ports: QrPorts;
  readonly settings: QrSettings & {
    /** Lifetime of a token when the request names none (PROV_QR_TOKEN_TTL), seconds. */
    readonly tokenTtlSeconds: number;
  };
  readonly now?: () => number;
}

/** A payload and, for token apps, when its token dies. */
export interface QrPayload {
  readonly payload: string;
  /** ISO time the token stops working (token apps only). */
  readonly expiresAt?: string;
}

export interface QrService {
  /**
   * The QR text of `app` for a user. Token apps store a new token (the old ones stay valid until
   * used, expired or revoked); `ttlSeconds` overrides the default lifetime.
   * @throws ProvError PROV_ERR_USER_NOT_FOUND, PROV_ERR_QR_APP_NOT_CONFIGURED
   */
  payload(user: User, app: QrAppId, ttlSeconds?: number): Promise<QrPayload>;
  /**
   * The phone path: the configuration a token stands for, once. Undefined when the token is
   * malformed, unknown, spent, expired, revoked, or its user is gone (the caller answers 410).
   */
  configuration(token: string): Promise<AppConfiguration | undefined>;
  /** Ends every outstanding token of a user; answers how many. */
  revoke(userId: string): Promise<number>;
}

export function createQrService(deps: QrServiceDeps): QrService {
  const { store, tokens, ports, settings } = deps;
  const now = deps.now ?? Date.now;
  return {
    async payload(user, app, ttlSeconds) {
      const network = await store.getNetwork();
      const input = qrAccount(user, network, ports);
      const builder = QR_APPS[app];
      if (builder.kind === 'inline') return { payload: builder.payload(input, settings) };
      const { token, hash } = newQrToken();
      const expires = now() + 1000 * (ttlSeconds ?? settings.tokenTtlSeconds);
      await tokens.put(hash, { user_id: user.id, app, expires_at: expires });
      // The phone listeners' address for the user's interface; HTTPS whenever it listens.
      const { base } = phoneBaseUrl(input.server.url_host, ports, true);
      return { payload: `${base}${QR_TOKEN_PATH}${token}`, expiresAt: new Date(expires).toISOString() };
    },

    async configuration(token) {
      if (!QR_TOKEN_SHAPE.test(token)) return undefined;
      const record = await tokens.consume(hashQrToken(token), now());
      if (!record || !isQrAppId(record.app)) return undefined;
      const builder = QR_APPS[record.app];
      const user = await store.getUser(record.user_id);
      if (!user || builder.kind !== 'token') return undefined;
      return builder.configuration(qrAccount(user, await store.getNetwork(), ports));
    },

    revoke: (userId) => tokens.revokeUser(userId),
  };
}

