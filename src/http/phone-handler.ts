/**
 * @module The phone-facing HTTP handler (plain node:http, no framework on the hot path):
 * `GET|HEAD /provision/<folder>/<file>` => cached rendered bytes, ETag/If-None-Match => 304.
 * Every refusal a phone could use to probe (unknown folder, unknown MAC, another user's phone)
 * is the same 404; malformed paths are 400 before any lookup; other methods 405. A phone's own
 * file refused for its credentials (client certificate of another MAC or CA) is 403. A source over
 * its miss budget gets 429 with Retry-After for its misses (the pipeline decides: src/access/).
 * A phone whose device-auth mode asks for credentials gets 401 with Digest (and, over HTTPS,
 * Basic) challenges; the handler passes Authorization, method and request-target to the pipeline.
 * Per-phone files (secrets) are sent `Cache-Control: no-store`, common files `no-cache`;
 * uploaded firmware streams from disk with ranges (disk-file.ts).
 * `GET /qr/<token>` (qr-route.ts): a softphone's single-use configuration, then 410.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isProvError } from '../errors.js';
import { sendFromDisk } from './disk-file.js';
import type { Logger } from '../logger.js';
import { etagMatches } from './etag.js';
import type { Drain } from './listen.js';
import type { Metrics } from '../metrics.js';
import { phoneLatency } from '../observability/phone-latency.js';
import type { RefusalLog } from '../observability/refusal-log.js';
import type { PhonePipeline } from '../access/pipeline.js';
import { isRefused, REFUSED, type Refused } from '../provisioning/refusal.js';
import type { ClientCertificate, Protocol, RenderedFile } from '../provisioning/types.js';
import type { QrService } from '../qr/service.js';
import { createQrRoute, QR_PREFIX } from './qr-route.js';

export interface PhoneHandlerDeps {
  /** The access pipeline (admit, identify, authorise, serve, throttle) the handler adapts to HTTP. */
  readonly pipeline: PhonePipeline;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly protocol: Protocol;
  /** Take the client address from the first X-Forwarded-For entry (behind a trusted proxy only). */
  readonly trustProxy: boolean;
  /** Where refusals are logged and counted (after the phone has its answer); default: nowhere. */
  readonly refusals?: RefusalLog;
  /** Set while the server stops: answers then carry `Connection: close` (see listen.ts close()). */
  readonly drain?: Drain;
  /** Answers QR token URLs; without it `/qr/...` is an unknown path (404). */
  readonly qr?: Pick<QrService, 'configuration'>;
  /** HTTPS with client certificates: the certificate the request's connection holds (src/client-certs/peer.ts). */
  readonly clientCertificate?: (socket: Socket) => ClientCertificate | undefined;
}

const PREFIX = '/provision/';
const MAX_PATH = 300;
// Phones that join a configured URL and a file name may double a slash: `/provision/<f>//<file>`.
const ROUTE = /^\/provision\/+([^/]+)\/+([^/]+)$/;
// Traversal and encoding tricks are refused outright rather than decoded and re-checked.
const FORBIDDEN = /\.\.|%|\\|\0/;
const NOT_FOUND = Buffer.from('Not Found\n');
const BAD_REQUEST = Buffer.from('Bad Request\n');
const TOO_MANY = Buffer.from('Too Many Requests\n');
const FORBIDDEN_BODY = Buffer.from('Forbidden\n');
const UNAUTHORIZED = Buffer.from('Unauthorized\n');

export function createPhoneHandler(deps: PhoneHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { pipeline, logger, protocol } = deps;
  const drain = deps.drain ?? { closing: false };
  const requests = deps.metrics.counter('provd_phone_requests_total', 'Phone-path requests by protocol, vendor and status');
  const bound = new Map<string, { inc(): void }>();
  /** Counts a response; series are bound once per vendor and status (vendors and statuses are few). */
  const count = (vendor: string, status: number) => {
    const key = `${vendor} ${status}`;
    let series = bound.get(key);
    if (!series) bound.set(key, (series = requests.labels({ protocol, vendor, status: String(status) })));
    series.inc();
  };

  const plain = (res: ServerResponse, status: number, body: Buffer, vendor = 'unknown', extra: Record<string, string | readonly string[]> = {}) => {
    if (drain.closing) res.shouldKeepAlive = false;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...extra });
    res.end(res.req.method === 'HEAD' ? undefined : body);
    count(vendor, status);
  };

  /**
   * The uniform refusal answer first (404, or `status` for a malformed request; 429 with
   * Retry-After when throttled; 401 with WWW-Authenticate when device credentials are asked
   * for), then the log line: the phone sees no difference, no delay. A challenge that is a normal
   * step of a Digest exchange (`uncounted`) gives no log line.
   */
  const refuse = (res: ServerResponse, status: number, body: Buffer, file: string, refusal: Refused) => {
    if (refusal.retryAfterS !== undefined) plain(res, 429, TOO_MANY, 'unknown', { 'Retry-After': String(refusal.retryAfterS) });
    else if (refusal.challenge) plain(res, 401, UNAUTHORIZED, 'unknown', { 'WWW-Authenticate': refusal.challenge });
    else plain(res, status, body);
    if (refusal.uncounted) return;
    const req = res.req;
    deps.refusals?.refused({ protocol, address: clientAddress(req, deps.trustProxy), file, reason: refusal.refused, userAgent: String(req.headers['user-agent'] ?? '') });
  };
  /** A request refused before the pipeline (a malformed path) still counts as a miss of its source. */
  const refuseEarly = (res: ServerResponse, status: number, body: Buffer, path: string) => {
    const remoteAddress = clientAddress(res.req, deps.trustProxy);
    pipeline.refused({ remoteAddress, protocol }, REFUSED.bad_path).then((refusal) => refuse(res, status, body, path, refusal));
  };

  const timers = new WeakMap<ServerResponse, () => void>(); // latency observers of responses in flight
  const send = (req: IncomingMessage, res: ServerResponse, file: RenderedFile) => {
    if (drain.closing) res.shouldKeepAlive = false;
    // A firmware download's time is not phone-path latency: it is timed to its headers.
    if (file.disk) return sendFromDisk(req, res, { ...file, disk: file.disk }, (status) => (count(file.vendor, status), timers.get(res)?.()));
    const notModified = etagMatches(req.headers['if-none-match'], file.etag);
    const status = notModified ? 304 : 200;
    const headers = headersOf(file);
    res.writeHead(status, notModified ? headers.notModified : headers.ok);
    res.end(notModified || req.method === 'HEAD' ? undefined : file.body);
    count(file.vendor, status);
    // Per-phone files carry secrets: note who fetched which MAC (never the body or the folder).
    if (file.mac && logger.isLevelEnabled('debug')) logger.debug({ mac: file.mac, ip: res.req.socket.remoteAddress, status }, 'served per-phone file');
  };

  // QR token refusals are not misses: a spent token is a normal end of a softphone's setup.
  const qrRoute = deps.qr && createQrRoute({ qr: deps.qr, logger, plain, refuse: (res, status, body, file, reason) => refuse(res, status, body, file, REFUSED[reason]) });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (qrRoute && path.startsWith(QR_PREFIX)) return qrRoute(req, res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, Buffer.from('Method Not Allowed\n'), 'unknown', { Allow: 'GET, HEAD' });
    if (path.length > MAX_PATH || FORBIDDEN.test(path)) return refuseEarly(res, 400, BAD_REQUEST, path);
    const m = path.startsWith(PREFIX) ? ROUTE.exec(path) : null;
    if (!m) return refuseEarly(res, 404, NOT_FOUND, path);
    const remoteAddress = clientAddress(req, deps.trustProxy);
    const request = {
      folder: m[1]!,
      filename: m[2]!,
      protocol,
      trustedSource: pipeline.admits(remoteAddress),
      remoteAddress,
      userAgent: String(req.headers['user-agent'] ?? ''),
      clientCertificate: deps.clientCertificate?.(req.socket),
      authorization: req.headers.authorization,
      method: req.method,
      uri: url,
    };
    const hit = pipeline.cached(request);
    if (hit) return send(req, res, hit);
    pipeline.run(request).then(
      (answer) => {
        if (!isRefused(answer)) return send(req, res, answer);
        // The phone's own file, but its credentials do not bind to it: 403 (never for an unknown phone).
        if (answer.refused === 'forbidden') return refuse(res, 403, FORBIDDEN_BODY, request.filename, answer);
        refuse(res, 404, NOT_FOUND, request.filename, answer);
      },
      (err: unknown) => {
        const unavailable = isProvError(err) && err.code === 'PROV_ERR_STORE_UNAVAILABLE';
        logger.error({ err: (err as Error).message, code: isProvError(err) ? err.code : undefined, file: request.filename }, 'phone request failed');
        if (unavailable) plain(res, 503, Buffer.from('Service Unavailable\n'), 'unknown', { 'Retry-After': '30' });
        else plain(res, 500, Buffer.from('Internal Server Error\n'));
      }
    );
  };

  const latency = phoneLatency(deps.metrics, protocol);
  return (req, res) => {
    const start = performance.now();
    handle(req, res);
    if (res.writableEnded) return latency.observe((performance.now() - start) / 1000);
    // Once: at the last byte, or at the headers of a file streamed from disk (see send()).
    const observe = () => void (timers.delete(res) && latency.observe((performance.now() - start) / 1000));
    timers.set(res, observe);
    res.once('finish', observe);
  };
}

/**
 * Response headers of a cached file, built once per RenderedFile (the cache hands out the same
 * object on every hit) as flat [name, value, ...] arrays, which node:http writes without copying
 * into its header map.
 */
const headerCache = new WeakMap<RenderedFile, { readonly ok: string[]; readonly notModified: string[] }>();
function headersOf(file: RenderedFile): { readonly ok: string[]; readonly notModified: string[] } {
  let headers = headerCache.get(file);
  if (!headers) {
    // A per-phone file carries secrets: no cache on the way (a proxy, the phone's disk) may keep it.
    const cacheControl = file.mac ? 'no-store' : 'no-cache';
    headers = {
      ok: ['Content-Type', file.contentType, 'Content-Length', String(file.body.length), 'ETag', file.etag, 'Cache-Control', cacheControl],
      notModified: ['ETag', file.etag, 'Cache-Control', cacheControl],
    };
    headerCache.set(file, headers);
  }
  return headers;
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? '';
}
