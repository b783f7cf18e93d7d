/**
 * @module The TFTP transport's adapter over the phone pipeline (src/access/pipeline.ts): a file
 * name and a source address in, rendered bytes out. TFTP cannot authenticate, so there is no
 * folder: common files go to anyone, per-phone files (with secrets) only to sources the
 * pipeline admits (PROV_TFTP_ALLOW). A refusal is ERROR 1 whatever its reason; a throttled
 * source's misses get ERROR 0 with a retry time. The reason goes to the refusal log once the
 * answer is out.
 */
import { performance } from 'node:perf_hooks';
import type { PhonePipeline } from '../access/pipeline.js';
import type { Metrics } from '../metrics.js';
import { phoneLatency } from '../observability/phone-latency.js';
import type { RefusalLog } from '../observability/refusal-log.js';
import { isRefused } from '../provisioning/refusal.js';
import type { TftpServerOptions } from './types.js';
import { ErrorCode } from './packet.js';

export function createTftpFileSource(pipeline: PhonePipeline, metrics: Metrics, refusals?: RefusalLog): TftpServerOptions['getFile'] {
  const requests = metrics.counter('provd_phone_requests_total', 'Phone-path requests by protocol, vendor and status');
  const latency = phoneLatency(metrics, 'tftp');
  return async (filename, remote) => {
    const start = performance.now();
    const answer = await pipeline.run({
      folder: undefined,
      filename,
      trustedSource: pipeline.admits(remote.address),
      protocol: 'tftp',
      remoteAddress: remote.address,
      userAgent: '',
    });
    latency.observe((performance.now() - start) / 1000);
    const refused = isRefused(answer);
    const throttled = refused && answer.retryAfterS !== undefined;
    // Same series as HTTP: 200 = served, 404 = not found or not allowed (TFTP ERROR 1), 429 = throttled (ERROR 0).
    requests.inc({ protocol: 'tftp', vendor: refused ? 'unknown' : answer.vendor, status: refused ? (throttled ? '429' : '404') : '200' });
    if (!refused) return answer.disk ?? answer.body;
    // After the server has sent its ERROR (it does on this promise's resolution).
    if (refusals) setImmediate(() => refusals.refused({ protocol: 'tftp', address: remote.address, file: filename, reason: answer.refused, userAgent: '' }));
    return throttled ? { code: ErrorCode.NOT_DEFINED, message: `Too many requests, try again in ${answer.retryAfterS} s` } : undefined;
  };
}
