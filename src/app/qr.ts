/**
 * @module The QR wiring: the token store beside the configured store (opened after it: on
 * SQLite the store migrates the file first) and the QR service over both, with the phone
 * listeners' public ports, the way provisioning URLs get them.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createQrService, type QrService } from '../qr/service.js';
import { connectionError } from '../observability/log-throttle.js';
import { createQrTokenStore } from '../store/qr-index.js';
import type { Store } from '../store/types.js';

export interface QrWiring {
  readonly service: QrService;
  readonly doorPerMinute: number;
  close(): Promise<void>;
}

/** Connection errors of a Redis token store are logged at most every 10 s (a down Redis reports each retry). */
export function openQr(config: Config, store: Store, logger: Logger): QrWiring {
  const tokens = createQrTokenStore(config.store, connectionError(logger, 'QR token store connection error'));
  const service = createQrService({
    store,
    tokens,
    ports: {
      httpPort: config.http.publicPort ?? config.http.port,
      httpsPort: config.https.port === null ? undefined : (config.https.publicPort ?? config.https.port),
    },
    settings: { tokenTtlSeconds: config.qr.tokenTtlSeconds, acrobitsCloudId: config.qr.acrobitsCloudId },
  });
  return { service, doorPerMinute: config.qr.doorPerMinute, close: () => tokens.close() };
}
