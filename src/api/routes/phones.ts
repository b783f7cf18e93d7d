/**
 * @module Routes for phones: `/api/users/{id}/phones...` (PortSIP's paths plus PATCH/DELETE) and
 * `/api/phones...` (by MAC, any spelling), including the phone's rendered files.
 */
import { Router } from 'express';
import { z } from 'zod';
import { parseWith } from '../../domain/fields.js';
import { IDEMPOTENCY_HEADER_DOC, idempotencyKeyOf } from '../idempotency.js';
import type { PhonesService } from '../phones-service.js';
import { PHONE_QUERY } from '../queries.js';
import { bodyOf, listQueryOf, macParam, param, route, type Operation } from '../routing.js';
import { pageOf } from '../views/common.js';
import { CarriedLinePageSchema, DeviceCredentialsSchema, PhoneByMacSchema, PhoneCreateBody, PhoneCreatedSchema, PhoneFilesSchema, PhoneUpdateBody, PhoneViewSchema } from '../views/phones.js';
import { AssigneeSchema } from '../views/users.js';

const tags = ['phones'];

/** `GET /api/phones/{mac}/files/{name}` query. */
const FileQuerySchema = z.object({
  masked: z.enum(['true', 'false'], 'must be true or false').optional().describe('`true`: the secrets replaced by a mask.'),
});

const PHONE_ERRORS = ['PROV_ERR_USER_NOT_FOUND', 'PROV_ERR_PHONE_NOT_FOUND'] as const;
const WRITE_ERRORS = [
  'PROV_ERR_USER_NOT_FOUND', 'PROV_ERR_PHONE_NOT_FOUND', 'PROV_ERR_MAC_TAKEN', 'PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_MODEL_UNKNOWN',
  'PROV_ERR_RPS_UNSUPPORTED', 'PROV_ERR_RPS_NO_ACCOUNT', 'PROV_ERR_STORE_CONFLICT',
] as const;
const BY_MAC_ERRORS = ['PROV_ERR_PHONE_NOT_FOUND'] as const;
const phoneAnswer = { 200: { description: 'The phone (no secrets), its provisioning `url` and RPS state.', schema: PhoneViewSchema } };
const pageAnswer = { 200: { description: 'A page of phones.', schema: pageOf(PhoneViewSchema, 'PhonePage') } };
import { secretsRequested, WITH_SECRETS_QUERY } from '../with-secrets.js';

/** The phones router (mounted under /api): per-user phones and phones by MAC. */
export function phonesRouter(phones: PhonesService): Router {
  const router = Router();

  const update: Operation = {
    summary: "Update a user's phone (absent fields keep their value)",
    tags,
    description: 'The merged record must pass the create rules; a door code sent as `null` is cleared. Fields the server owns may be echoed back and are ignored.',
    body: PhoneUpdateBody,
    responses: phoneAnswer,
    errors: WRITE_ERRORS,
    handler: async (req, res) => {
      res.json(await phones.update(param(req, 'id'), param(req, 'phone_id'), bodyOf(req)));
    },
  };
  const destroy: Operation = {
    summary: "Delete a user's phone",
    tags,
    responses: { 204: { description: 'Deleted; its files stop being served at once.' } },
    errors: PHONE_ERRORS,
    handler: async (req, res) => {
      await phones.destroy(param(req, 'id'), param(req, 'phone_id'));
      res.status(204).end();
    },
  };

  route(router, '/users/:id/phones', {
    GET: {
      summary: "List a user's phones",
      tags,
      list: PHONE_QUERY,
      query: WITH_SECRETS_QUERY,
      responses: pageAnswer,
      errors: ['PROV_ERR_USER_NOT_FOUND', 'PROV_ERR_FORBIDDEN'],
      handler: async (req, res) => {
        const withSecrets = secretsRequested(req, res);
        res.json(await phones.list(listQueryOf(req, PHONE_QUERY), param(req, 'id'), { withSecrets }));
      },
    },
    POST: {
      summary: 'Create a phone for a user',
      tags,
      description: 'The MAC is stored as 12 lowercase hex digits; absent PortSIP fields get defaults from the vendor, the user and the server; the files are rendered at once.',
      body: PhoneCreateBody,
      headers: IDEMPOTENCY_HEADER_DOC,
      responses: { 201: { description: 'The phone and its `url`, plus `password` when the server generated it.', schema: PhoneCreatedSchema } },
      errors: [...WRITE_ERRORS, 'PROV_ERR_IDEMPOTENCY_KEY_REUSED'],
      handler: async (req, res) => {
        res.status(201).json(await phones.create(param(req, 'id'), bodyOf(req), idempotencyKeyOf(req.headers['idempotency-key'])));
      },
    },
  });
  route(router, '/users/:id/phones/:phone_id', {
    GET: {
      summary: "Get a user's phone",
      tags,
      responses: phoneAnswer,
      errors: PHONE_ERRORS,
      handler: async (req, res) => {
        res.json(await phones.get(param(req, 'id'), param(req, 'phone_id')));
      },
    },
    POST: { ...update, summary: `${update.summary} (PortSIP's verb)` },
    PATCH: update,
    DELETE: destroy,
  });
  route(router, '/users/:id/lines', {
    GET: {
      summary: 'List the phones that carry a user on a further line',
      tags,
      description: "Phones of other users whose `lines` name this user, by MAC, with the line's number on each (README \"Multi-line phones\").",
      responses: { 200: { description: 'The phones carrying the user, and where.', schema: CarriedLinePageSchema } },
      errors: ['PROV_ERR_USER_NOT_FOUND'],
      handler: async (req, res) => {
        res.json(await phones.lines(param(req, 'id')));
      },
    },
  });
  route(router, '/users/:id/phones/:phone_id/destroy', { POST: { ...destroy, summary: `${destroy.summary} (PortSIP's verb)` } });

  route(router, '/phones', {
    GET: {
      summary: 'List all phones',
      list: PHONE_QUERY,
      query: WITH_SECRETS_QUERY,
      errors: ['PROV_ERR_FORBIDDEN'],
      description: "`mac eq '...'` accepts any MAC spelling.",
      responses: pageAnswer,
      handler: async (req, res) => {
        const withSecrets = secretsRequested(req, res);
        res.json(await phones.list(listQueryOf(req, PHONE_QUERY), undefined, { withSecrets }));
      },
    },
  });
  route(router, '/phones/:mac', {
    // PortSIP's extras: extension_number, name (the user's display name), ip, fwver.
    GET: {
      summary: 'Get a phone by MAC',
      responses: { 200: { description: "The phone with PortSIP's extras.", schema: PhoneByMacSchema } },
      errors: BY_MAC_ERRORS,
      handler: async (req, res) => {
        const { phone, user, view } = await phones.byMac(macParam(req));
        res.json({
          ...view,
          extension_number: user.extension_number,
          name: user.display_name ?? user.name,
          ip: phone.last_seen_ip ?? null,
          fwver: null,
        });
      },
    },
  });
  route(router, '/phones/:mac/assignee', {
    GET: {
      summary: 'Get the user a phone is assigned to',
      responses: { 200: { description: 'The user, briefly.', schema: AssigneeSchema } },
      errors: BY_MAC_ERRORS,
      handler: async (req, res) => {
        const { user } = await phones.byMac(macParam(req));
        res.json({ id: user.id, name: user.name, display_name: user.display_name ?? null, extension_number: user.extension_number });
      },
    },
  });
  // New device credentials for the phone's provisioning requests, answered once (README "Device authentication").
  route(router, '/phones/:mac/rotate_device_credentials', {
    POST: {
      summary: "Rotate a phone's device credentials",
      description: 'A new device password for the phone\'s provisioning requests (its files change). Answered once: `Cache-Control: no-store`. See the README, "Device authentication".',
      responses: { 200: { description: 'The new credentials.', schema: DeviceCredentialsSchema } },
      errors: BY_MAC_ERRORS,
      handler: async (req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(await phones.rotateDeviceCredentials(macParam(req)));
      },
    },
  });
  route(router, '/phones/:mac/files', {
    GET: {
      summary: "List a phone's files",
      responses: { 200: { description: 'The file names a phone of this model fetches, with their URLs.', schema: PhoneFilesSchema } },
      errors: BY_MAC_ERRORS,
      handler: async (req, res) => {
        res.json({ items: await phones.files(macParam(req)) });
      },
    },
  });
  route(router, '/phones/:mac/files/:name', {
    // The rendered bytes, for an admin to inspect; they hold secrets, so nothing may cache them.
    // `?masked=true`: the secrets replaced (the web console's preview, until the admin reveals them).
    GET: {
      summary: 'Render one of a phone\'s files',
      description: 'The bytes the phone gets (they hold secrets: `Cache-Control: no-store`); `masked=true` replaces the secrets (the web console\'s preview).',
      query: FileQuerySchema,
      responses: {
        200: {
          description: "The rendered file, in its vendor's content type.",
          content: { 'text/plain': 'A text configuration file.', 'application/xml': 'An XML configuration file.', 'application/octet-stream': 'Any other format.' },
          headers: { ETag: 'Changes exactly when the bytes do.' },
        },
      },
      errors: [...BY_MAC_ERRORS, 'PROV_ERR_FILE_NOT_FOUND', 'PROV_ERR_RENDER_FAILED'],
      handler: async (req, res) => {
        const { masked } = parseWith(FileQuerySchema, req.query);
        const file = await phones.renderFile(macParam(req), param(req, 'name'), { masked: masked === 'true' });
        res.set({ 'Content-Type': file.contentType, ETag: file.etag, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.send(file.body);
      },
    },
  });
  return router;
}
