/**
 * @module Idempotent creates: a create may carry a claim (the client's Idempotency-Key and a
 * fingerprint of its request); the store keeps key, fingerprint and the created id for 24 h,
 * written atomically with the record. A create whose key is known is not applied again: it
 * answers the first create's id (same fingerprint) or PROV_ERR_IDEMPOTENCY_KEY_REUSED (another).
 */
import { ProvError } from '../errors.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A create's idempotency key and what it was for. */
export interface IdempotencyClaim {
  /** The client's key, as sent. */
  readonly key: string;
  /** A digest of the request (what, where, with which fields); equal for a true retry. */
  readonly fingerprint: string;
}

/** What an insert did: `created`, or not, because `id` was created before under the same key. */
export interface InsertOutcome {
  readonly created: boolean;
  readonly id: string;
}

/** A remembered key. */
export interface StoredClaim {
  readonly fingerprint: string;
  readonly id: string;
}

/**
 * The outcome of a create whose key was found stored: a replay of `stored.id`.
 * @throws ProvError PROV_ERR_IDEMPOTENCY_KEY_REUSED when the fingerprints differ.
 */
export function replayOf(claim: IdempotencyClaim, stored: StoredClaim): InsertOutcome {
  if (stored.fingerprint !== claim.fingerprint) throw new ProvError('PROV_ERR_IDEMPOTENCY_KEY_REUSED', [claim.key]);
  return { created: false, id: stored.id };
}
