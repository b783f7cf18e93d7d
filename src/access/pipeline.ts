/**
 * @module The phone request pipeline: one sequence of access decisions for HTTP, HTTPS and TFTP,
 * so no transport handler holds an access rule of its own. A transport parses its request, asks
 * the pipeline, and maps the answer to its protocol (200/304, 404, 429; TFTP DATA, ERROR 1, ERROR 0).
 *
 * Steps, in order:
 * 1. **admit** (source): may this address fetch per-phone files at all? The transport's
 *    CIDR list (PROV_HTTP_ALLOW, PROV_TFTP_ALLOW) answers, before any lookup, and the answer
 *    travels as `request.trustedSource`. Request-only, so a refused source costs the same
 *    whatever it names.
 * 2. **identify** (provisioning service): folder => user, file name => vendor + MAC => one of
 *    that user's phones. The response cache answers a known request without any store access.
 * 3. **authorise** (`AuthoriseStep`s): checks that need the identified file and the request:
 *    device authentication (Digest/Basic, PIN: src/device-auth/step.ts); the client-certificate
 *    MAC binding (issue 12 §2) plugs in here too.
 * 4. **serve**: the cached rendered bytes (or render and cache), from the service.
 * On any refusal: **throttle** (throttle.ts) counts a miss for the source and, over its
 * budget, turns the refusal into `throttled` (429 with Retry-After). Served files never count,
 * nor do `uncounted` refusals (a Digest challenge to a request that carried no credentials).
 * Then the **unknown-device recorder** (unknown-devices.ts) hears of it (it writes after the answer).
 *
 * Hot path: a cached file of a known phone costs one Map get (step 2), a loop over the authorise
 * steps (the device-auth step returns at once for a phone in mode `none`) and no store or Redis
 * access; nothing is allocated here. A refusal the fast lane decided is kept for run() (a WeakMap
 * entry), so the steps decide each request once.
 */
import type { FetchRequest, ProvisioningService, RenderedFile } from '../provisioning/types.js';
import { isRefused, type Refused } from '../provisioning/refusal.js';
import type { MissThrottle } from './throttle.js';
import type { UnknownDeviceRecorder } from './unknown-devices.js';

/**
 * An authorise step. Contract:
 * - `check` runs for every request that identified a file, cached or not, before a byte is sent;
 *   it answers undefined to let the request through, or the refusal to answer instead.
 * - It is synchronous, because it runs on the cached hot path: a step that needs I/O (a nonce
 *   store, a PIN lookup) keeps what the check needs in memory and refreshes it apart.
 * - Its refusals cost the same whether the phone exists or not (the file is identified by then,
 *   so a step MUST NOT refuse faster for unknown phones: they never reach it).
 * - A refusal counts as a miss for the throttle like any other, unless it is `uncounted` (a step of
 *   a normal exchange, such as the 401 that asks a phone for its credentials).
 */
export interface AuthoriseStep {
  /** Names the step in logs and docs (`digest`, `pin`, `client-cert`). */
  readonly name: string;
  check(request: FetchRequest, file: RenderedFile): Refused | undefined;
}

export interface PhonePipelineDeps {
  readonly provisioning: Pick<ProvisioningService, 'cached' | 'fetch'>;
  /** Step 1: true when `address` may fetch per-phone files (the transport's CIDR list). */
  readonly admits: (address: string) => boolean;
  /** Step 3, run in order; default none. */
  readonly authorise?: readonly AuthoriseStep[];
  /** On refusals; default: none (every refusal stays itself). */
  readonly throttle?: MissThrottle;
  /** Told of every refusal of a whole request (after the throttle); default: none. */
  readonly unknownDevices?: UnknownDeviceRecorder;
}

export interface PhonePipeline {
  /** Step 1 for the transport building a request: its `trustedSource`. */
  admits(address: string): boolean;
  /**
   * The fast lane: the cached file when every step lets the request through, synchronously;
   * undefined otherwise (then run() decides, refusals and throttling included).
   */
  cached(request: FetchRequest): RenderedFile | undefined;
  /** The whole pipeline: the file, or the refusal (perhaps `throttled`) the transport answers. */
  run(request: FetchRequest): Promise<RenderedFile | Refused>;
  /**
   * A request the transport refused before the pipeline (a malformed path) still counts as a
   * miss of its source: answers the refusal to send (perhaps `throttled`).
   */
  refused(request: Pick<FetchRequest, 'remoteAddress' | 'protocol'>, refusal: Refused): Promise<Refused>;
}

export function createPhonePipeline(deps: PhonePipelineDeps): PhonePipeline {
  const { provisioning, admits, throttle, unknownDevices } = deps;
  const steps = deps.authorise ?? [];

  const authorise = (request: FetchRequest, file: RenderedFile): Refused | undefined => {
    for (let i = 0; i < steps.length; i++) {
      const refusal = steps[i]!.check(request, file);
      if (refusal) return refusal;
    }
    return undefined;
  };
  // A refusal the fast lane decided, for run() to answer without asking the steps again (a step
  // may count, or issue a nonce); allocated only on refusals.
  const decided = new WeakMap<FetchRequest, Refused>();
  const refused = (request: Pick<FetchRequest, 'remoteAddress' | 'protocol'>, refusal: Refused) =>
    throttle ? throttle.miss(request.remoteAddress, request.protocol, refusal) : Promise.resolve(refusal);

  return {
    admits,
    cached(request) {
      const file = provisioning.cached(request);
      if (!file || steps.length === 0) return file;
      const refusal = authorise(request, file);
      if (!refusal) return file;
      decided.set(request, refusal);
      return undefined;
    },
    async run(request) {
      const answer = await provisioning.fetch(request);
      const refusal = isRefused(answer) ? answer : (decided.get(request) ?? authorise(request, answer));
      if (!refusal) return answer as RenderedFile;
      if (refusal.uncounted) return refusal;
      const final = await refused(request, refusal);
      unknownDevices?.refused(request, final);
      return final;
    },
    refused,
  };
}
