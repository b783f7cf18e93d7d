/**
 * @module Routes for unknown devices (issue 12 §3): `GET /api/unknown_phones` (list queries),
 * `POST /api/unknown_phones/{mac}/assign` (creates the phone for a user, with the guessed vendor
 * and model unless the body names them; the entry goes), `POST /api/phones/{mac}/reject`
 * (PortSIP's verb: the MAC's entry goes and it is never recorded again).
 */
import { Router } from 'express';
import { z } from 'zod';
import { PhoneUpdateSchema } from '../../domain/phone.js';
import { ProvError, validationError } from '../../errors.js';
import type { UnknownPhoneStore } from '../../store/unknown-types.js';
import type { PhonesService } from '../phones-service.js';
import { UNKNOWN_PHONE_QUERY } from '../queries.js';
import { bodyOf, listQueryOf, macParam, route } from '../routing.js';
import { UnknownPhoneSchema } from '../views/admin.js';
import { pageOf } from '../views/common.js';
import { PhoneCreatedSchema } from '../views/phones.js';

/** `POST /api/unknown_phones/{mac}/assign`: the user, plus any phone field (the MAC is the path's). */
const AssignBody = PhoneUpdateSchema.omit({ mac: true }).extend({ user_id: z.string().min(1).describe('The user the phone is assigned to.') });

export function unknownPhonesRouter(unknown: UnknownPhoneStore, phones: Pick<PhonesService, 'create'>): Router {
  const router = Router();
  route(router, '/unknown_phones', {
    GET: {
      summary: 'List unknown devices (asked for files, matched no phone)',
      list: UNKNOWN_PHONE_QUERY,
      responses: { 200: { description: 'A page of unknown devices.', schema: pageOf(UnknownPhoneSchema, 'UnknownPhonePage') } },
      handler: async (req, res) => {
        res.json(await unknown.list(listQueryOf(req, UNKNOWN_PHONE_QUERY)));
      },
    },
  });
  // 201 answers the phone as `POST /api/users/{id}/phones` does; the body may add any phone field.
  route(router, '/unknown_phones/:mac/assign', {
    POST: {
      summary: 'Assign an unknown device to a user (creates its phone)',
      description: 'The guessed vendor and model are used unless the body names them; the entry goes.',
      body: AssignBody,
      responses: { 201: { description: 'The phone created, as `POST /api/users/{id}/phones` answers it.', schema: PhoneCreatedSchema } },
      errors: ['PROV_ERR_UNKNOWN_PHONE_NOT_FOUND', 'PROV_ERR_USER_NOT_FOUND', 'PROV_ERR_MAC_TAKEN', 'PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_MODEL_UNKNOWN'],
      handler: async (req, res) => {
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
    },
  });
  route(router, '/phones/:mac/reject', {
    POST: {
      summary: 'Reject an unknown device: its entry goes and it is never recorded again',
      tags: ['unknown_phones'],
      responses: { 200: { description: 'Rejected.', schema: z.object({ mac: z.string(), rejected: z.literal(true) }) } },
      handler: async (req, res) => {
        const mac = macParam(req);
        await unknown.reject(mac);
        res.json({ mac, rejected: true });
      },
    },
  });
  return router;
}
