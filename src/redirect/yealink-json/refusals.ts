/**
 * @module What a refusal of Yealink's RPS JSON API means, in the RedirectError vocabulary.
 * NOTE(rps): only the owned-by-other keys are seen anywhere (client-authored fixtures, rps-facts.md
 * §2.2, weak); Yealink publishes no key list, so the rest is read from the words of the key and its
 * field errors. This is the one place to correct once real replies are captured.
 */
import type { RedirectErrorKind } from '../types.js';

/** Error keys with a known meaning. */
const KIND_BY_KEY: Readonly<Record<string, RedirectErrorKind>> = {
  'device.mac.added.by.other': 'owned_by_other',
  'device.operate.forbidden': 'owned_by_other',
};

/** Read in this order: a refused signature is never reported as a bad MAC. */
const KIND_BY_WORDS: readonly (readonly [RegExp, RedirectErrorKind])[] = [
  [/sign|auth|access.?key|nonce|timestamp/i, 'auth_failed'],
  [/url/i, 'invalid_url'],
  [/mac/i, 'invalid_mac'],
];

/**
 * @param words the error key first, then the field errors (`field: msg`)
 * @example yealinkRefusalKind(['device.mac.added.by.other']) // => 'owned_by_other'
 */
export function yealinkRefusalKind(words: readonly string[]): RedirectErrorKind {
  const known = words.map((w) => KIND_BY_KEY[w]).find((k) => k !== undefined);
  if (known) return known;
  const text = words.join(' ');
  return KIND_BY_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'unknown';
}
