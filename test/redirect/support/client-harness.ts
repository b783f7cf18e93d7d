/**
 * @module What a redirect service's test hands the one client contract suite
 * (client-contract.ts): the harness shape (its mock, the MACs, the vendor's forms and
 * capabilities), the test accounts whose secrets carry `&<>"'`, and the helpers that read a
 * refusal, including the spellings a leaked secret could take in a message.
 */
import { expect } from 'vitest';
import type { Mac } from '../../../src/domain/mac.js';
import { RedirectError, type PhoneOptions, type RedirectAccount, type RedirectErrorKind, type RedirectServiceDefinition } from '../../../src/redirect/types.js';
import type { MockService } from './mock-http.js';

/** One fresh mock of a service, as the suite drives it. */
export interface MockWorld {
  /** The listener: faults, request log, close(). */
  readonly service: MockService;
  /** The account's `url` for the client (default `service.url`). */
  readonly url?: string;
  /** The URL the service holds for `mac` in the test account (undefined: none, or another's). */
  held(mac: Mac): string | undefined;
  /** Checks after each test (XML-RPC: every body was a well-formed methodCall). */
  verify?(): void;
}

/** What a service's test hands the suite. */
export interface RedirectHarness {
  readonly definition: RedirectServiceDefinition;
  /** Starts a fresh mock that knows `account` and holds `macs.foreign` for another account. */
  start(account: RedirectAccount): Promise<MockWorld>;
  /** `ours`: a MAC of the vendor; `foreign`: held by another account; `invalid`: refused by the service. */
  readonly macs: { readonly ours: Mac; readonly foreign: Mac; readonly invalid: Mac };
  /** What the service needs besides the MAC on every call (Gigaset's MAC-ID code). */
  readonly phone?: (mac: Mac) => PhoneOptions;
  /** The URL the service holds once `url` is registered (the vendor's form; default as given). */
  readonly heldForm?: (url: string) => string;
  /** Whether lookup() tells the registered URL. */
  readonly lookupTellsUrl: boolean;
  /** A URL the service itself refuses with its invalid-URL text (default a gopher:// URL). */
  readonly refusedUrl?: string;
  /** Whether RegisterOptions.override takes another account's MAC over (the vendor's API allows it). */
  readonly overrideTakesOver: boolean;
  /** Whether requests are signed with the clock (Hawk, X-Ca), so a clock far off is refused. */
  readonly signsWithClock: boolean;
  /** What the service derives from the account's secrets (Fanvil's double md5): no message names it either. */
  readonly derivedSecrets?: (account: RedirectAccount) => readonly string[];
}

/** The test accounts, per kind of credentials; the secrets carry `&<>"'`, which must reach the service intact. */
export const TEST_ACCOUNTS = {
  username_password: { username: 'acme-rps', password: `pa&ss<w>"o'rd` },
  access_key: { accessKeyId: 'dh37fgj492je', accessKeySecret: `werx&hqb<98>rpax"n39848'xrunpaw3489` },
} as const satisfies Record<RedirectServiceDefinition['credentials'], RedirectAccount>;
export const URL_1 = 'https://prov.example.com/p/AbC123/';
export const URL_2 = 'https://prov.example.com/p/XyZ789/';

/** Awaits a rejection: a RedirectError, returned. */
export async function rejection(promise: Promise<unknown>): Promise<RedirectError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(RedirectError);
  return err as RedirectError;
}

/** Awaits a rejection and checks its kind; returns the error. */
export async function expectKind(call: Promise<unknown>, kind: RedirectErrorKind): Promise<RedirectError> {
  const err = await rejection(call);
  expect(err.kind).toBe(kind);
  return err;
}

/**
 * Every form in which `account`'s secret (and `extra` ones: a wrong secret tried, what the service
 * derives) could leak into a message: as typed, JSON-, XML- or percent-encoded, and inside a
 * Basic header (base64 of `username:password`).
 */
export function leakForms(account: RedirectAccount, extra: readonly string[]): string[] {
  const plain = [account.password ?? account.accessKeySecret ?? '', ...extra];
  const basic = account.username === undefined ? [] : plain.map((p) => Buffer.from(`${account.username}:${p}`).toString('base64'));
  return [...plain.flatMap(spellings), ...basic];
}

// --- internal ---

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** How a leaked secret could read in a message: as typed, or JSON-, XML- or percent-encoded. */
function spellings(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), secret.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!), encodeURIComponent(secret)];
}
