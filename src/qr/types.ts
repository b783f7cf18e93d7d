/**
 * @module What a softphone QR payload is built from and what a builder is. One builder per app
 * (src/qr/apps/), each with its source in a comment: the app's own documentation where it exists,
 * otherwise the integrations the format was taken from.
 */
import type { Account, ServerSettings } from '../render/context.js';

/** The SIP account and the server the user's `interface` and `preferred_transport` pick, as phone files get them. */
export interface QrAccount {
  /** render/context.ts accountOf(user): extension, auth name, password, display name, voicemail number. */
  readonly account: Account;
  /** render/server-address.ts resolveServer(): host, url_host, sip_domain, transport, port. */
  readonly server: ServerSettings;
}

/** Server-wide settings some apps need (from config). */
export interface QrSettings {
  /** Acrobits Cloud Softphone's Cloud ID (PROV_QR_ACROBITS_CLOUD_ID); unset: that app is unavailable. */
  readonly acrobitsCloudId?: string;
}

/** An app whose QR text carries the account itself, password included (built on request, never stored). */
export interface InlineQrApp {
  readonly kind: 'inline';
  /** @throws ProvError PROV_ERR_QR_APP_NOT_CONFIGURED when a setting the app needs is missing. */
  payload(input: QrAccount, settings: QrSettings): string;
}

/** The answer to the first fetch of a token URL: the app's configuration with the credentials. */
export interface AppConfiguration {
  readonly contentType: string;
  readonly body: string;
}

/** An app whose QR text is a URL with a single-use token; the first fetch of the URL answers `configuration`. */
export interface TokenQrApp {
  readonly kind: 'token';
  configuration(input: QrAccount): AppConfiguration;
}

export type QrApp = InlineQrApp | TokenQrApp;
