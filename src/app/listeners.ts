/**
 * @module The network listeners the app starts and stops: the phone path over HTTP and HTTPS,
 * the admin API and TFTP, each a thin adapter over the services it is given. Graceful stop
 * (keep-alive answers carry `Connection: close`, idle connections get a grace, a deadline) is the
 * same for every HTTP listener.
 */
import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { TlsSource } from '../certs/lifecycle.js';
import type { Config } from '../config.js';
import { guardConnections, type ConnectionLimits } from '../http/connection-guard.js';
import { createHttpsListener } from '../http/https-listener.js';
import { close, createDrain, listen } from '../http/listen.js';
import { createPhoneHandler } from '../http/phone-handler.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RefusalLog } from '../observability/refusal-log.js';
import type { AccessWiring } from './access.js';
import type { ClientCertWiring } from './client-certs.js';
import type { QrService } from '../qr/service.js';
import { createTftpFileSource } from '../tftp/file-source.js';
import { createTftpServer } from '../tftp/server.js';

/** A network listener the app starts and stops; start() answers the bound port. */
export interface Listener {
  readonly name: 'http' | 'https' | 'api' | 'tftp';
  start(): Promise<number>;
  stop(): Promise<void>;
}

/** Stop timing: a keep-alive client sending back to back gets its next answer within the grace. */
const IDLE_GRACE_MS = 1_000;
const STOP_DEADLINE_MS = 5_000;
/** Phones keep a connection for their next file (and their next check); slow clients are cut off. */
const PHONE_SERVER: ServerOptions = { keepAliveTimeout: 65_000, requestTimeout: 30_000, headersTimeout: 15_000 };

interface Caps {
  readonly limits: ConnectionLimits;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

/** Each phone listener (HTTP, HTTPS) gets this budget of its own. */
function phoneLimits(config: Config): ConnectionLimits {
  return { ...config.connections.phone, idleUnderPressureMs: config.connections.idleUnderPressureMs };
}

/** What the phone listeners need. */
export interface PhoneListenerDeps {
  readonly config: Config;
  /** The access pipelines (src/access/), one per transport. */
  readonly access: Pick<AccessWiring, 'pipeline'>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly refusals: RefusalLog;
  /** The HTTPS certificate; without it (or with HTTPS off) only HTTP listens. */
  readonly tls: TlsSource | undefined;
  /** Answers QR token URLs (`/qr/<token>`) on HTTP and HTTPS. */
  readonly qr?: Pick<QrService, 'configuration'>;
  /** Client certificates on HTTPS (PROV_HTTPS_CLIENT_CERT); absent or `https` undefined: none asked for. */
  readonly clientCerts?: Pick<ClientCertWiring, 'https'>;
}

/** Listener builders sharing one drain: `stop()` of any of them answers in-flight requests with `Connection: close`. */
export function createListenerKit() {
  const drain = createDrain();
  const closeGracefully = (server: Server) => close(server, { drain, idleGraceMs: IDLE_GRACE_MS, deadlineMs: STOP_DEADLINE_MS });
  /** Each listener has its own connection budget (src/http/connection-guard.ts). */
  const http = (name: 'http' | 'api', handler: RequestListener, port: number, host: string, caps: Caps, options: ServerOptions = {}): Listener => {
    const server = createServer(options, handler);
    const guard = guardConnections(server, name, caps.limits, caps.metrics, caps.logger);
    return { name, start: () => listen(server, port, host), stop: () => (guard.stop(), closeGracefully(server)) };
  };
  return {
    /** The phone path: HTTP, and HTTPS when configured and a certificate source exists. */
    phone(deps: PhoneListenerDeps): Listener[] {
      const { config } = deps;
      const clientCerts = deps.clientCerts?.https;
      const handler = (protocol: 'http' | 'https') => createPhoneHandler({
        ...deps, pipeline: deps.access.pipeline('http'), protocol, trustProxy: config.trustProxy, drain,
        clientCertificate: protocol === 'https' ? clientCerts?.certificateOf : undefined,
      });
      const limits = phoneLimits(config);
      const out = [http('http', handler('http'), config.http.port, config.http.host, { limits, metrics: deps.metrics, logger: deps.logger }, PHONE_SERVER)];
      if (deps.tls && config.https.port !== null) {
        const guard = (server: Server) => guardConnections(server, 'https', limits, deps.metrics, deps.logger);
        const https = createHttpsListener({
          port: config.https.port, host: config.http.host, compat: config.https.compat, handler: handler('https'), tls: deps.tls, close: closeGracefully, guard,
          ...(clientCerts ? { clientCas: clientCerts } : {}),
        });
        out.push({ name: 'https', start: () => https.start(), stop: () => https.stop() });
      }
      return out;
    },
    /** The admin API, with a connection budget of its own: a flood of the phone path never reaches it. */
    api: (handler: RequestListener, config: Config, metrics: Metrics, logger: Logger) =>
      http('api', handler, config.api.port, config.api.host, { limits: { ...config.connections.api, idleUnderPressureMs: config.connections.idleUnderPressureMs }, metrics, logger }),
    /** TFTP (null when off): common files to anyone, per-phone files to PROV_TFTP_ALLOW sources (the pipeline admits). */
    tftp(deps: Omit<PhoneListenerDeps, 'tls'>): Listener | null {
      const { config, refusals } = deps;
      const port = config.tftp.port;
      if (port === null) return null;
      const getFile = createTftpFileSource(deps.access.pipeline('tftp'), deps.metrics, refusals);
      const onBadName = (address: string, file: string) => refusals.refused({ protocol: 'tftp', address, file, reason: 'bad_name', userAgent: '' });
      const { maxTransfers, maxPerAddress: maxTransfersPerIp, maxTimeoutSeconds, unansweredSends } = config.tftp;
      const tftp = createTftpServer({ getFile, logger: deps.logger, metrics: deps.metrics, onBadName, maxTransfers, maxTransfersPerIp, maxTimeoutSeconds, unansweredSends });
      return { name: 'tftp', start: () => tftp.listen(port, config.tftp.host), stop: () => tftp.close() };
    },
  };
}
