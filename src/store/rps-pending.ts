/**
 * @module Placeholder RPS methods for a backend whose RPS tables are not written yet: every call
 * fails with PROV_ERR_INTERNAL naming the backend. Removed once sqlite and redis implement them.
 */
import { ProvError } from '../errors.js';
import type { RpsStore } from './rps-types.js';

export function rpsNotImplemented(backend: string): RpsStore {
  const fail = async (): Promise<never> => {
    throw new ProvError('PROV_ERR_INTERNAL', [], { cause: new Error(`the ${backend} store does not keep the RPS outbox yet`) });
  };
  return {
    markRps: fail, leaseRpsJobs: fail, completeRpsJob: fail, retryRpsJob: fail, countRpsJobs: fail, getRpsOutcome: fail,
    putRpsAccount: fail, getRpsAccount: fail, listRpsAccounts: fail, deleteRpsAccount: fail,
  };
}
