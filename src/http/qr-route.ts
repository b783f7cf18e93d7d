/**
 * @module The phone path's QR token step: `GET /qr/<token>` answers the app configuration the
 * token stands for (SIP credentials included) the first time, `410 Gone` with no body worth
 * anything after that, when expired or revoked, or for a token nobody issued. Never cached
 * (`no-store`); the token is never logged (the refusal line names `/qr/…`). Only GET: a HEAD (a
 * link preview, a monitoring probe) must not spend the token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isProvError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RefusalReason } from '../provisioning/refusal.js';
import type { QrService } from '../qr/service.js';
import { QR_TOKEN_PATH } from '../qr/service.js';

export const QR_PREFIX = QR_TOKEN_PATH;
const TOKEN_PATH = /^\/qr\/([A-Za-z0-9_-]{43})$/;
const GONE = Buffer.from('Gone\n');
const NOT_FOUND = Buffer.from('Not Found\n');
/** What the refusal log shows instead of the path (the token is a bearer secret). */
const LOGGED_PATH = '/qr/…';

export interface QrRouteDeps {
  readonly qr: Pick<QrService, 'configuration'>;
  readonly logger: Logger;
  /** The phone handler's plain answer (counted, drain-aware). */
  readonly plain: (res: ServerResponse, status: number, body: Buffer, vendor?: string, extra?: Record<string, string>) => void;
  /** The phone handler's refusal: the answer first, then the rate-limited refusal log line. */
  readonly refuse: (res: ServerResponse, status: number, body: Buffer, file: string, reason: RefusalReason) => void;
}

export function createQrRoute({ qr, logger, plain, refuse }: QrRouteDeps): (req: IncomingMessage, res: ServerResponse, path: string) => void {
  return (req, res, path) => {
    // Every answer of this route, refusals included (writeHead merges headers set before it).
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET') return plain(res, 405, Buffer.from('Method Not Allowed\n'), 'qr', { Allow: 'GET' });
    const token = TOKEN_PATH.exec(path)?.[1];
    if (!token) return refuse(res, 404, NOT_FOUND, LOGGED_PATH, 'bad_path');
    qr.configuration(token).then(
      (config) => {
        if (!config) return refuse(res, 410, GONE, LOGGED_PATH, 'qr_token');
        plain(res, 200, Buffer.from(config.body, 'utf8'), 'qr', { 'Content-Type': config.contentType });
      },
      (err: unknown) => {
        const unavailable = isProvError(err) && err.code === 'PROV_ERR_STORE_UNAVAILABLE';
        logger.error({ err: (err as Error).message, code: isProvError(err) ? err.code : undefined, file: LOGGED_PATH }, 'QR token request failed');
        plain(res, unavailable ? 503 : 500, Buffer.from(unavailable ? 'Service Unavailable\n' : 'Internal Server Error\n'), 'qr', unavailable ? { 'Retry-After': '30' } : {});
      }
    );
  };
}
