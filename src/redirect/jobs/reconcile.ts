/**
 * @module One job's work: make the vendor's service hold what the MAC's phone wants now. The job
 * says only "reconcile this MAC" (plus a `release` left by a phone that went), so the phone is
 * read as it is when the job runs and the last intent wins:
 * 1. a `release` whose vendor no longer has this MAC on rps: unregister it there;
 * 2. a phone with `rps: true`: register its provisioning URL (override only when the job says);
 * 3. otherwise the MAC is `disabled`.
 * Nothing here writes to the store or decides about retries (runner.ts does).
 */
import type { Mac } from '../../domain/mac.js';
import type { RpsJob, RpsStatus } from '../../store/rps-types.js';
import type { Store } from '../../store/types.js';
import { isRedirectError, RedirectError } from '../types.js';
import { NoClientError, type ClientCache, type VendorClient } from './clients.js';
import { phoneProvisioningUrl, type PhonePathPorts } from './phone-url.js';
import type { RateLimiter } from './rate-limit.js';

/** What reconcile needs. */
export interface ReconcileDeps {
  readonly store: Pick<Store, 'getPhoneByMac' | 'getUser' | 'getNetwork'>;
  readonly clients: ClientCache;
  readonly limiter: RateLimiter;
  readonly ports: PhonePathPorts;
  /** Notes a release that failed while the MAC's phone is registered anyway (a log line). */
  readonly onReleaseFailed?: (mac: Mac, vendor: string, err: RedirectError) => void;
}

/** How a job went: an outcome to store, or a vendor failure for the runner to judge. */
export type Reconciled =
  | { readonly kind: 'done'; readonly vendor: string; readonly status: Exclude<RpsStatus, 'pending'>; readonly message: string; readonly url?: string }
  | { readonly kind: 'failed'; readonly vendor: string; readonly error: RedirectError };

/** Vendor label of a job that names none (no phone on rps, no release): nothing was called. */
export const NO_VENDOR = 'none';

/**
 * Reconciles `job.mac`. Every service call waits for its vendor's rate limit and ends when
 * `signal` aborts (the job's time is up, the runner stops): then it fails as `unavailable`.
 * @throws what the store throws (the runner retries the job later)
 */
export async function reconcile(deps: ReconcileDeps, job: RpsJob, signal: AbortSignal): Promise<Reconciled> {
  const { store, clients, limiter } = deps;
  const call = async <T>(vendor: string, fn: (client: VendorClient) => Promise<T>): Promise<T> => {
    const client = await clients.clientFor(vendor);
    await bounded(limiter.take(vendor, signal), signal);
    return bounded(fn(client), signal);
  };
  const stored = await store.getPhoneByMac(job.mac);
  const wanted = stored?.rps ? stored : undefined;
  const release = job.release && job.release.vendor !== wanted?.vendor ? job.release : undefined;
  let vendor = wanted?.vendor ?? release?.vendor ?? NO_VENDOR;
  try {
    if (release) {
      vendor = release.vendor;
      const failure = await failureOf(call(vendor, (c) => c.client.unregister(job.mac, { serialNumber: release.serial_number })));
      if (failure && (!wanted || failure.kind === 'unavailable')) return { kind: 'failed', vendor, error: failure };
      if (failure) deps.onReleaseFailed?.(job.mac, vendor, failure);
    }
    if (!wanted) return { kind: 'done', vendor, status: 'disabled', message: '' };
    vendor = wanted.vendor;
    const folderUrl = await phoneProvisioningUrl(store, wanted, deps.ports);
    if (folderUrl === undefined) return { kind: 'done', vendor, status: 'disabled', message: 'the phone has no user any more' };
    const url = await call(vendor, async (c) => {
      const target = c.urlFor(wanted, folderUrl);
      await c.client.register(job.mac, target, { override: job.override, serialNumber: wanted.serial_number });
      return target;
    });
    return { kind: 'done', vendor, status: 'registered', message: '', url };
  } catch (err) {
    if (err instanceof NoClientError) return { kind: 'done', vendor, status: 'error', message: err.message };
    if (isRedirectError(err)) return { kind: 'failed', vendor, error: err };
    throw err;
  }
}

// --- internal ---

/** The RedirectError a call failed with, or undefined when it succeeded; anything else is thrown. */
async function failureOf(promise: Promise<unknown>): Promise<RedirectError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    if (isRedirectError(err)) return err;
    throw err;
  }
}

/**
 * `promise`, or an `unavailable` failure as soon as `signal` aborts. The call itself is not
 * cancelled (the clients take no signal): it ends by its own timeout, and its answer is ignored.
 */
function bounded<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (err: unknown) => (signal.removeEventListener('abort', onAbort), reject(err))
    );
  });
}

function abortError(signal: AbortSignal): RedirectError {
  const reason: unknown = signal.reason;
  return new RedirectError('unavailable', reason instanceof Error ? reason.message : String(reason));
}
