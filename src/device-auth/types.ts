/** @module What a per-phone rendered file carries for the device-authentication step (no password in clear). */
import type { DigestAlgorithm } from './digest.js';

/**
 * When a request without valid credentials is still served:
 * - `always`: `digest` mode for a vendor whose templates cannot write credentials into the phone;
 * - `until-delivered`: `digest` mode: until the credentials were delivered (the phone's per-phone
 *   file served once since creation or rotation) and the grace period after that is over;
 * - `never`: `required` and `pin`.
 */
export type WithoutCredentials = 'always' | 'until-delivered' | 'never';

/** Attached to a per-phone RenderedFile whose phone's mode is not `none` (absent for `none`). */
export interface FileAuth {
  readonly mac: string;
  readonly withoutCredentials: WithoutCredentials;
  /** When the credentials were first delivered (ms since epoch), from the phone record. */
  readonly sentAt: number | undefined;
  /** The username the phone must present (the MAC, or the extension number for `pin`). */
  readonly username: string;
  /**
   * HA1 per Digest algorithm, and SHA-256 of `username:password` for Basic; undefined when the
   * phone has no credential to present (a phone stored before device credentials existed, or
   * `pin` for a user without a voicemail PIN): then nothing authenticates it.
   */
  readonly secret: { readonly ha1: Readonly<Record<DigestAlgorithm, string>>; readonly basic: Buffer } | undefined;
}

/** The provisioning credentials a per-phone file writes into the phone (vendor keys in the templates). */
export interface DeviceCredentials {
  readonly username: string;
  readonly password: string;
}
