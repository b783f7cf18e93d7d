/**
 * @module Store errors counted by operation and kind (`provd_store_errors_total`): the failures
 * of the store itself (unreachable, data lost, corrupt, conflicting, unexpected), not the answers
 * it gives about the data (not found, taken, a change that refused).
 */
import type { ErrorCode } from '../errors.js';
import { isProvError } from '../errors.js';
import type { Counter, Metrics } from '../metrics.js';
import type { Store } from './types.js';

/** The label `kind` of each counted error code; anything not a ProvError counts as `internal`. */
const KINDS: Partial<Record<ErrorCode, string>> = {
  PROV_ERR_STORE_UNAVAILABLE: 'unavailable',
  PROV_ERR_STORE_DATA_LOST: 'data_lost',
  PROV_ERR_STORE_CORRUPT: 'corrupt',
  PROV_ERR_STORE_CONFLICT: 'conflict',
  PROV_ERR_INTERNAL: 'internal',
};

/** The counter, registered once per metrics registry. */
export function storeErrorCounter(metrics: Metrics): Counter {
  return metrics.counter('provd_store_errors_total', 'Store failures by operation and kind (unavailable, data_lost, corrupt, conflict, internal)');
}

/** The `kind` label of an error the store raised, or undefined when it is an answer, not a failure. */
export function storeErrorKind(err: unknown): string | undefined {
  return isProvError(err) ? KINDS[err.code] : 'internal';
}

/**
 * The store with every failing call counted as `{ operation: <method>, kind }`. Same behaviour
 * otherwise: the error is passed on unchanged.
 */
export function instrumentStore(store: Store, errors: Counter): Store {
  const wrapped = Object.create(store) as Record<string, unknown>;
  for (const name of OPERATIONS) {
    const method = (store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!;
    wrapped[name] = (...args: unknown[]) =>
      method.apply(store, args).catch((err: unknown) => {
        const kind = storeErrorKind(err);
        if (kind) errors.inc({ operation: name, kind });
        throw err;
      });
  }
  return wrapped as unknown as Store;
}

// --- internal ---

/** Every asynchronous operation of the contract (subscribe and kind are not calls to the backend). */
const OPERATIONS = [
  'insertUser', 'updateUser', 'deleteUser', 'getUser', 'getUserByToken', 'listUsers',
  'insertPhone', 'updatePhone', 'deletePhone', 'getPhone', 'getPhoneByMac', 'listPhones', 'phoneMacsOfUser', 'lineMacsOfUser', 'recordSighting',
  'getNetwork', 'putNetwork', 'updateNetwork', 'claimEpoch', 'readEpoch', 'announce',
  'markRps', 'leaseRpsJobs', 'completeRpsJob', 'retryRpsJob', 'countRpsJobs', 'getRpsOutcome',
  'putRpsAccount', 'getRpsAccount', 'listRpsAccounts', 'deleteRpsAccount',
  'appendTemplateVersion', 'listTemplateVersions', 'currentTemplates',
] as const satisfies readonly (keyof Store)[];
