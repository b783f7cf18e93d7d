/**
 * @module Routes of the QR codes: a user's softphone QR (`GET /api/users/{id}/qrcode`), the
 * revocation of its tokens, and a door station's door QR (`GET .../phones/{phone_id}/qrcode`).
 * Every answer, errors included, is `Cache-Control: no-store`; every QR read is audited.
 */
import { Router, type RequestHandler } from 'express';
import { parseWith } from '../../domain/fields.js';
import { ProvError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { doorQrPayload } from '../../qr/door.js';
import { DoorQrQuerySchema, SoftphoneQrQuerySchema } from '../../qr/params.js';
import { createRateLimiter } from '../../qr/rate-limit.js';
import { renderQr } from '../../qr/render.js';
import type { QrService } from '../../qr/service.js';
import type { Store } from '../../store/types.js';
import type { VendorRegistry } from '../../vendors/registry.js';
import { auditSecretRead } from '../audit.js';
import { param, route } from '../routing.js';

export interface QrRoutesDeps {
  readonly qr: QrService;
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly logger: Logger;
  readonly adminToken: string;
  /** Door QR codes per user and phone per minute (PROV_DOOR_QR_PER_MINUTE). */
  readonly doorPerMinute: number;
  readonly now?: () => number;
}

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

  router.use(['/users/:id/qrcode', '/users/:id/qrcode/revoke', '/users/:id/phones/:phone_id/qrcode'], noStore);
  router.get('/users/:id/qrcode', auditSecretRead(deps.logger, deps.adminToken, 'qr_code', (q) => ({ app: typeof q.app === 'string' ? q.app.slice(0, 32) : undefined })));
  router.get('/users/:id/phones/:phone_id/qrcode', auditSecretRead(deps.logger, deps.adminToken, 'door_qr', (q) => ({ purpose: typeof q.purpose === 'string' ? q.purpose.slice(0, 32) : undefined })));

  route(router, '/users/:id/qrcode', {
    GET: async (req, res) => {
      const query = parseWith(SoftphoneQrQuerySchema, req.query);
      const { payload, expiresAt } = await qr.payload(await user(param(req, 'id')), query.app, query.ttl);
      const image = await renderQr(payload, query.format, query);
      if (expiresAt) res.set('X-Token-Expires', expiresAt);
      res.type(image.contentType).send(image.body);
    },
  });
  route(router, '/users/:id/qrcode/revoke', {
    POST: async (req, res) => {
      const id = (await user(param(req, 'id'))).id;
      res.json({ revoked: await qr.revoke(id) });
    },
  });
  route(router, '/users/:id/phones/:phone_id/qrcode', {
    GET: async (req, res) => {
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
  });
  return router;
}
