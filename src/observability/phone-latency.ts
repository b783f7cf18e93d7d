/**
 * @module The phone-path latency histogram, `provd_phone_request_duration_seconds{protocol}`:
 * HTTP(S) from the request reaching the handler to the response handed to the socket; TFTP from
 * the read request to its file being resolved (the transfer itself depends on the network).
 * Bound once per protocol: an observation is two clock reads and a bucket scan, no allocation.
 */
import type { Metrics } from '../metrics.js';
import type { Protocol } from '../provisioning/types.js';

/** Seconds. A cache hit takes tens of microseconds, a render a few milliseconds, a slow store more. */
export const PHONE_LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The series of `protocol`; observe(seconds). */
export function phoneLatency(metrics: Metrics, protocol: Protocol): { observe(seconds: number): void } {
  return metrics
    .histogram('provd_phone_request_duration_seconds', 'Phone-path response time by protocol (TFTP: until the file is resolved)', PHONE_LATENCY_BUCKETS)
    .labels({ protocol });
}
