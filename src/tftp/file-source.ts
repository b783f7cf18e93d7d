/**
 * @module The TFTP transport's adapter over the provisioning service: a file name and a source
 * address in, rendered bytes out. TFTP cannot authenticate, so there is no folder: common files
 * go to anyone, per-phone files (with secrets) only to sources in PROV_TFTP_ALLOW. A refusal is
 * ERROR 1 whatever its reason; the reason goes to the refusal log once the answer is out.
 */
import { performance } from 'node:perf_hooks';
import type { Metrics } from '../metrics.js';
import { phoneLatency } from '../observability/phone-latency.js';
import type { RefusalLog } from '../observability/refusal-log.js';
import { isRefused } from '../provisioning/refusal.js';
import type { ProvisioningService } from '../provisioning/types.js';
import type { TftpServerOptions } from './types.js';

export function createTftpFileSource(
  provisioning: ProvisioningService,
  isTrusted: (address: string) => boolean,
  metrics: Metrics,
  refusals?: RefusalLog
): TftpServerOptions['getFile'] {
  const requests = metrics.counter('provd_phone_requests_total', 'Phone-path requests by protocol, vendor and status');
  const latency = phoneLatency(metrics, 'tftp');
  return async (filename, remote) => {
    const start = performance.now();
    const answer = await provisioning.fetch({
      folder: undefined,
      filename,
      trustedSource: isTrusted(remote.address),
      protocol: 'tftp',
      remoteAddress: remote.address,
      userAgent: '',
    });
    latency.observe((performance.now() - start) / 1000);
    const refused = isRefused(answer);
    // Same series as HTTP: 200 = served, 404 = not found or not allowed (TFTP ERROR 1).
    requests.inc({ protocol: 'tftp', vendor: refused ? 'unknown' : answer.vendor, status: refused ? '404' : '200' });
    if (!refused) return answer.body;
    // After the server has sent its ERROR (it does on this promise's resolution).
    if (refusals) setImmediate(() => refusals.refused({ protocol: 'tftp', address: remote.address, file: filename, reason: answer.refused, userAgent: '' }));
    return undefined;
  };
}
