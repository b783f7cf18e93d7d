/**
 * @module Routes for unknown devices (issue 12 §3): `GET /api/unknown_phones` (list queries),
 * `POST /api/unknown_phones/{mac}/assign` (creates the phone for a user, with the guessed vendor
 * and model unless the body names them; the entry goes), `POST /api/phones/{mac}/reject`
 * (PortSIP's verb: the MAC's entry goes and it is never recorded again).
 */
import { Router } from 'express';
import { ProvError, validationError } from '../../errors.js';
import type { UnknownPhoneStore } from '../../store/unknown-types.js';
import type { PhonesService } from '../phones-service.js';
import { UNKNOWN_PHONE_QUERY } from '../queries.js';
import { bodyOf, listQueryOf, macParam, route } from '../routing.js';

export function unknownPhonesRouter(unknown: UnknownPhoneStore, phones: Pick<PhonesService, 'create'>): Router {
  const router = Router();
  route(router, '/unknown_phones', {
    GET: async (req, res) => {
      res.json(await unknown.list(listQueryOf(req, UNKNOWN_PHONE_QUERY)));
    },
  });
  // 201 answers the phone as `POST /api/users/{id}/phones` does; the body may add any phone field.
  route(router, '/unknown_phones/:mac/assign', {
    POST: async (req, res) => {
      const mac = macParam(req);
      const { user_id: userId, ...fields } = bodyOf(req);
      if (typeof userId !== 'string' || userId === '') throw validationError([{ field: 'user_id', message: 'is required: the user the phone is assigned to' }]);
      const entry = await unknown.get(mac);
      if (!entry) throw new ProvError('PROV_ERR_UNKNOWN_PHONE_NOT_FOUND', [mac]);
      const guessed = { ...(entry.vendor ? { vendor: entry.vendor } : {}), ...(entry.model ? { model: entry.model } : {}) };
      const phone = await phones.create(userId, { ...guessed, ...fields, mac });
      await unknown.remove(mac);
      res.status(201).json(phone);
    },
  });
  route(router, '/phones/:mac/reject', {
    POST: async (req, res) => {
      const mac = macParam(req);
      await unknown.reject(mac);
      res.json({ mac, rejected: true });
    },
  });
  return router;
}
