/**
 * @module Why the phone path refused a request. The phone never learns it (every refusal is the
 * same 404 or TFTP ERROR 1); the operator does, through the rate-limited refusal log and
 * `provd_phone_refused_total{protocol,reason}` (src/observability/refusal-log.ts).
 */

/**
 * Every reason, from the least to the most telling:
 * - `bad_path`: the HTTP path is not `/provision/<folder>/<file>`, or is malformed (`..`, `%`);
 * - `bad_name`: the folder or file name has characters or a length no phone sends;
 * - `unknown_folder`: no user has this provisioning folder;
 * - `unknown_file`: no vendor has a file of this name;
 * - `not_allowed`: a per-phone file from a source outside PROV_TFTP_ALLOW (TFTP) or
 *   PROV_HTTP_ALLOW (HTTP, HTTPS, when set); never looked up;
 * - `unknown_mac`: no phone has this MAC (TFTP from a trusted source: no folder to ask);
 * - `not_owned`: the folder's user has no phone with this MAC. An unregistered MAC and another
 *   user's phone are deliberately not told apart: both are one miss in the user's own MAC set,
 *   so they cost the same (issue 12: the other user's MAC took 25 us longer and leaked existence);
 * - `wrong_file`: the phone exists, but this file is another vendor's or model's;
 * - `unauthenticated`: the phone's file needs device credentials (src/device-auth/) the request
 *   did not prove; answered 401 with the challenges in `challenge` (TFTP: ERROR 1 like any refusal).
 *   A challenge to a request without credentials is `uncounted`: it is half of every normal Digest
 *   exchange, so it is neither a throttle miss nor a refusal-log line;
 * - `qr_token`: a QR token URL (`/qr/<token>`) whose token is unknown, spent, expired or revoked
 *   (answered 410; never part of a file lookup, so its place in the order does not matter);
 * - `throttled`: any of the above from a source over its miss budget (src/access/throttle.ts),
 *   answered 429 (TFTP: ERROR 0) with a retry time instead of 404; never part of a file lookup.
 */
export const REFUSAL_REASONS = [
  'bad_path', 'bad_name', 'unknown_folder', 'unknown_file', 'not_allowed', 'unknown_mac', 'not_owned', 'wrong_file', 'unauthenticated', 'qr_token', 'throttled',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** The service's answer to a request it refuses. */
export interface Refused {
  readonly refused: RefusalReason;
  /** Set on `throttled` only: whole seconds until the source's misses are answered 404 again. */
  readonly retryAfterS?: number;
  /** Set on `unauthenticated` over HTTP(S): the WWW-Authenticate values to send with the 401. */
  readonly challenge?: readonly string[];
  /** True for a refusal that is a normal step of an exchange (a Digest challenge): not a miss, not logged. */
  readonly uncounted?: true;
}

/** One frozen answer per reason: refusing allocates nothing. */
export const REFUSED: Readonly<Record<RefusalReason, Refused>> = Object.freeze(
  Object.fromEntries(REFUSAL_REASONS.map((r) => [r, Object.freeze({ refused: r })])) as Record<RefusalReason, Refused>
);

/** True for a refusal, false for a rendered file (which has no `refused`). */
export function isRefused(answer: object): answer is Refused {
  return 'refused' in answer;
}

/** Of two refusals of one request (a file name may match several patterns), the more telling. */
export function moreTelling(a: Refused, b: Refused): Refused {
  return REFUSAL_REASONS.indexOf(b.refused) > REFUSAL_REASONS.indexOf(a.refused) ? b : a;
}
