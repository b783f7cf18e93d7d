/**
 * @module Self-service routes (PortSIP's "current user" paths) for StandardUser and
 * StandardInternationalUser tokens: `GET /api/user`, `GET /api/user/phones`, `GET
 * /api/user/phones/{phone_id}`; the QR code is `GET /api/user/qrcode` (routes/qr.ts). The user is
 * always the token's own: no path or query names another.
 */
import { Router, type Response } from 'express';
import { toUserView } from '../../domain/user.js';
import { SELF_SERVICE_ROLES } from '../../identity/roles.js';
import { identityOf } from '../auth.js';
import type { PhonesService } from '../phones-service.js';
import { PHONE_QUERY } from '../queries.js';
import { listQueryOf, param, route } from '../routing.js';
import type { UsersService } from '../users-service.js';
import { pageOf } from '../views/common.js';
import { PhoneViewSchema } from '../views/phones.js';
import { UserViewSchema } from '../views/users.js';

/** The self-service router (mounted under /api). */
export function selfRouter(users: UsersService, phones: PhonesService): Router {
  const router = Router();
  // SELF_SERVICE_ROLES tokens always name a user (tokens-service refuses one without).
  const ownId = (res: Response) => identityOf(res).userId ?? '';

  route(router, '/user', {
    GET: {
      summary: "Get the token's own user",
      responses: { 200: { description: 'The user (no secrets).', schema: UserViewSchema } },
      errors: ['PROV_ERR_USER_NOT_FOUND'],
      handler: async (_req, res) => {
        res.json(toUserView(await users.get(ownId(res))));
      },
    },
  }, SELF_SERVICE_ROLES);
  route(router, '/user/phones', {
    GET: {
      summary: "List the token's own user's phones",
      list: PHONE_QUERY,
      responses: { 200: { description: 'A page of phones.', schema: pageOf(PhoneViewSchema, 'PhonePage') } },
      errors: ['PROV_ERR_USER_NOT_FOUND'],
      handler: async (req, res) => {
        res.json(await phones.list(listQueryOf(req, PHONE_QUERY), ownId(res)));
      },
    },
  }, SELF_SERVICE_ROLES);
  route(router, '/user/phones/:phone_id', {
    GET: {
      summary: "Get one of the token's own user's phones",
      responses: { 200: { description: 'The phone (no secrets).', schema: PhoneViewSchema } },
      errors: ['PROV_ERR_USER_NOT_FOUND', 'PROV_ERR_PHONE_NOT_FOUND'],
      handler: async (req, res) => {
        res.json(await phones.get(ownId(res), param(req, 'phone_id')));
      },
    },
  }, SELF_SERVICE_ROLES);
  return router;
}
