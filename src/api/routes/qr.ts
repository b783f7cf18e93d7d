/**
 * @module Routes of the QR codes: a user's softphone QR (`GET /api/users/{id}/qrcode`, and for a
 * self-service token its own, `GET /api/user/qrcode`: one handler), the revocation of its
 * tokens, and a door station's door QR (`GET .../phones/{phone_id}/qrcode`).
 * Every answer, errors included, is `Cache-Control: no-store`; every QR read is audited.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { parseWith } from '../../domain/fields.js';
import { ProvError } from '../../errors.js';
import { SELF_SERVICE_ROLES } from '../../identity/roles.js';
import type { Logger } from '../../logger.js';
import { doorQrPayload } from '../../qr/door.js';
import { DoorQrQuerySchema, SoftphoneQrQuerySchema } from '../../qr/params.js';
import { createRateLimiter } from '../../qr/rate-limit.js';
import { renderQr } from '../../qr/render.js';
import type { QrService } from '../../qr/service.js';
import type { Store } from '../../store/types.js';
import type { VendorRegistry } from '../../vendors/registry.js';
import { auditSecretRead } from '../audit.js';
import { identityOf } from '../auth.js';
import type { OperationDoc } from '../../openapi/types.js';
import { param, route } from '../routing.js';

export interface QrRoutesDeps {
  readonly qr: QrService;
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly logger: Logger;
  /** Door QR codes per user and phone per minute (PROV_DOOR_QR_PER_MINUTE). */
  readonly doorPerMinute: number;
  readonly now?: () => number;
}

/** What a QR endpoint answers, by `format`. */
const QR_CONTENT = { 'image/png': '`format=png` (default).', 'image/svg+xml': '`format=svg`.', 'text/plain': '`format=text`: the payload itself.' };

const SOFTPHONE_QR_DOC: OperationDoc = {
  summary: "A user's softphone QR code",
  tags: ['qrcode'],
  description: "The app's account configuration (URL-type payloads carry a single-use, expiring token). Audited; `Cache-Control: no-store`.",
  query: SoftphoneQrQuerySchema,
  responses: { 200: { description: 'The QR code.', content: QR_CONTENT, headers: { 'X-Token-Expires': 'When the token in the payload expires (URL-type payloads).' } } },
  errors: ['PROV_ERR_USER_NOT_FOUND', 'PROV_ERR_QR_APP_NOT_CONFIGURED', 'PROV_ERR_QR_TOO_LARGE'],
};

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** The QR router (mounted under /api). */
export function qrRouter(deps: QrRoutesDeps): Router {
  const { qr, store } = deps;
  const limiter = createRateLimiter({ limit: deps.doorPerMinute, windowMs: 60_000, now: deps.now });
  const router = Router();
  const user = async (id: string) => {
    const found = await store.getUser(id);
    if (!found) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [id]);
    return found;
  };

  /** The softphone QR of the user `userIdOf` names; the same for an admin's path and a user's own. */
  const softphoneQr = (userIdOf: (req: Request, res: Response) => string): RequestHandler => async (req, res) => {
    const query = parseWith(SoftphoneQrQuerySchema, req.query);
    const { payload, expiresAt } = await qr.payload(await user(userIdOf(req, res)), query.app, query.ttl);
    const image = await renderQr(payload, query.format, query);
    if (expiresAt) res.set('X-Token-Expires', expiresAt);
    res.type(image.contentType).send(image.body);
  };

  router.use(['/users/:id/qrcode', '/users/:id/qrcode/revoke', '/users/:id/phones/:phone_id/qrcode', '/user/qrcode'], noStore);
  const auditQr = auditSecretRead(deps.logger, 'qr_code', (q) => ({ app: typeof q.app === 'string' ? q.app.slice(0, 32) : undefined }));
  router.get(['/users/:id/qrcode', '/user/qrcode'], auditQr);
  router.get('/users/:id/phones/:phone_id/qrcode', auditSecretRead(deps.logger, 'door_qr', (q) => ({ purpose: typeof q.purpose === 'string' ? q.purpose.slice(0, 32) : undefined })));

  route(router, '/users/:id/qrcode', { GET: { ...SOFTPHONE_QR_DOC, handler: softphoneQr((req) => param(req, 'id')) } });
  // A self-service token's own account: the user comes from the token, never from the request.
  route(router, '/user/qrcode', {
    GET: { ...SOFTPHONE_QR_DOC, summary: "The softphone QR code of the token's own user", handler: softphoneQr((_req, res) => identityOf(res).userId ?? '') },
  }, SELF_SERVICE_ROLES);
  route(router, '/users/:id/qrcode/revoke', {
    POST: {
      summary: "End the user's outstanding QR tokens",
      tags: ['qrcode'],
      responses: { 200: { description: 'How many were ended.', schema: z.object({ revoked: z.number().int() }) } },
      errors: ['PROV_ERR_USER_NOT_FOUND'],
      handler: async (req, res) => {
        const id = (await user(param(req, 'id'))).id;
        res.json({ revoked: await qr.revoke(id) });
      },
    },
  });
  route(router, '/users/:id/phones/:phone_id/qrcode', {
    GET: {
      summary: "A door station's door-opening QR code",
      tags: ['qrcode'],
      description: 'Rate-limited per user and phone (`PROV_DOOR_QR_PER_MINUTE`); refusals count too. Audited; `Cache-Control: no-store`.',
      query: DoorQrQuerySchema,
      responses: { 200: { description: 'The QR code.', content: QR_CONTENT } },
      errors: ['PROV_ERR_USER_NOT_FOUND', 'PROV_ERR_PHONE_NOT_FOUND', 'PROV_ERR_RATE_LIMITED', 'PROV_ERR_DOOR_QR_UNDOCUMENTED', 'PROV_ERR_DOOR_CODE_MISSING', 'PROV_ERR_QR_TOO_LARGE'],
      handler: async (req, res) => {
        const query = parseWith(DoorQrQuerySchema, req.query);
        const userId = (await user(param(req, 'id'))).id;
        const phoneId = param(req, 'phone_id');
        const phone = await store.getPhone(phoneId);
        if (!phone || phone.user_id !== userId) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [phoneId]);
        // Counted before the code is looked at: refusals count too, so nobody probes past the limit.
        const taken = limiter.take(`${userId}\0${phoneId}`);
        if (!taken.ok) {
          res.set('Retry-After', String(taken.retryAfterSeconds));
          throw new ProvError('PROV_ERR_RATE_LIMITED', [`door QR codes of phone ${phoneId}`, taken.retryAfterSeconds]);
        }
        const payload = doorQrPayload(deps.registry.get(phone.vendor)?.descriptor, phone);
        const image = await renderQr(payload, query.format, query);
        res.type(image.contentType).send(image.body);
      },
    },
  });
  return router;
}
