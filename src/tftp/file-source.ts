/**
 * @module The TFTP transport's adapter over the provisioning service: a file name and a source
 * address in, rendered bytes out. TFTP cannot authenticate, so there is no folder: common files
 * go to anyone, per-phone files (with secrets) only to sources in PROV_TFTP_ALLOW.
 */
import type { Metrics } from '../metrics.js';
import type { ProvisioningService } from '../provisioning/types.js';
import type { TftpServerOptions } from './types.js';

export function createTftpFileSource(
  provisioning: ProvisioningService,
  isTrusted: (address: string) => boolean,
  metrics: Metrics
): TftpServerOptions['getFile'] {
  const requests = metrics.counter('provd_phone_requests_total', 'Phone-path requests by protocol, vendor and status');
  return async (filename, remote) => {
    const file = await provisioning.fetch({
      folder: undefined,
      filename,
      trustedSource: isTrusted(remote.address),
      protocol: 'tftp',
      remoteAddress: remote.address,
      userAgent: '',
    });
    // Same series as HTTP: 200 = served, 404 = not found or not allowed (TFTP ERROR 1).
    requests.inc({ protocol: 'tftp', vendor: file?.vendor ?? 'unknown', status: file ? '200' : '404' });
    return file?.body;
  };
}
