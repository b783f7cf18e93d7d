/**
 * @module Readiness (`/readyz`): may this node take traffic? Yes when the store answers within a
 * timeout and its data epoch is intact. Liveness (`/healthz`) is a different question: a node
 * whose store is down is alive (it serves cached files) but not ready.
 */
import { isProvError } from '../errors.js';
import type { EpochState } from './data-epoch.js';

/** What /readyz answers: 200 with `{ status: 'ready' }`, otherwise 503 with a reason. */
export type Readiness =
  | { readonly ready: true; readonly status: 'ready' }
  | { readonly ready: false; readonly status: 'store_unavailable' | 'data_lost'; readonly reason: string };

/** Default time the store has to answer (phones and load balancers wait about 2 s). */
export const READY_TIMEOUT_MS = 1500;

/**
 * Builds the readiness check over `probe`: one round trip to the store that answers the data
 * epoch state (DataEpochWatch.check) and throws when the store cannot answer.
 */
export function createReadiness(probe: () => Promise<EpochState>, timeoutMs = READY_TIMEOUT_MS): () => Promise<Readiness> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const state = await Promise.race([probe(), timeout]);
      if (state === 'timeout') return unavailable(`the store did not answer within ${timeoutMs} ms`);
      if (state === 'lost') {
        return { ready: false, status: 'data_lost', reason: 'the store lost its data (data-epoch marker gone or changed); writes are refused until it is restored or the server restarts' };
      }
      return { ready: true, status: 'ready' };
    } catch (err) {
      // The code only: the driver's message may name the store's address.
      return unavailable(`the store failed to answer (${isProvError(err) ? err.code : 'unexpected error'})`);
    } finally {
      clearTimeout(timer);
    }
  };
}

// --- internal ---

function unavailable(reason: string): Readiness {
  return { ready: false, status: 'store_unavailable', reason };
}
