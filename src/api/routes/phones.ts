/**
 * @module Routes for phones: `/api/users/{id}/phones...` (PortSIP's paths plus PATCH/DELETE) and
 * `/api/phones...` (by MAC, any spelling), including the phone's rendered files.
 */
import { Router, type RequestHandler } from 'express';
import { idempotencyKeyOf } from '../idempotency.js';
import type { PhonesService } from '../phones-service.js';
import { PHONE_QUERY } from '../queries.js';
import { bodyOf, listQueryOf, macParam, param, route } from '../routing.js';
import { secretsRequested } from '../with-secrets.js';

/** The phones router (mounted under /api): per-user phones and phones by MAC. */
export function phonesRouter(phones: PhonesService): Router {
  const router = Router();

  const update: RequestHandler = async (req, res) => {
    res.json(await phones.update(param(req, 'id'), param(req, 'phone_id'), bodyOf(req)));
  };
  const destroy: RequestHandler = async (req, res) => {
    await phones.destroy(param(req, 'id'), param(req, 'phone_id'));
    res.status(204).end();
  };

  route(router, '/users/:id/phones', {
    GET: async (req, res) => {
      const withSecrets = secretsRequested(req, res);
      res.json(await phones.list(listQueryOf(req, PHONE_QUERY), param(req, 'id'), { withSecrets }));
    },
    // 201 answers the view and `url`; plus `password` when the server generated it.
    POST: async (req, res) => {
      res.status(201).json(await phones.create(param(req, 'id'), bodyOf(req), idempotencyKeyOf(req.headers['idempotency-key'])));
    },
  });
  route(router, '/users/:id/phones/:phone_id', {
    GET: async (req, res) => {
      res.json(await phones.get(param(req, 'id'), param(req, 'phone_id')));
    },
    POST: update,
    PATCH: update,
    DELETE: destroy,
  });
  route(router, '/users/:id/phones/:phone_id/destroy', { POST: destroy });

  route(router, '/phones', {
    GET: async (req, res) => {
      const withSecrets = secretsRequested(req, res);
      res.json(await phones.list(listQueryOf(req, PHONE_QUERY), undefined, { withSecrets }));
    },
  });
  route(router, '/phones/:mac', {
    // PortSIP's extras: extension_number, name (the user's display name), ip, fwver.
    GET: async (req, res) => {
      const { phone, user, view } = await phones.byMac(macParam(req));
      res.json({
        ...view,
        extension_number: user.extension_number,
        name: user.display_name ?? user.name,
        ip: phone.last_seen_ip ?? null,
        fwver: null,
      });
    },
  });
  route(router, '/phones/:mac/assignee', {
    GET: async (req, res) => {
      const { user } = await phones.byMac(macParam(req));
      res.json({ id: user.id, name: user.name, display_name: user.display_name ?? null, extension_number: user.extension_number });
    },
  });
  route(router, '/phones/:mac/files', {
    GET: async (req, res) => {
      res.json({ items: await phones.files(macParam(req)) });
    },
  });
  route(router, '/phones/:mac/files/:name', {
    // The rendered bytes, for an admin to inspect; they hold secrets, so nothing may cache them.
    GET: async (req, res) => {
      const file = await phones.renderFile(macParam(req), param(req, 'name'));
      res.set({ 'Content-Type': file.contentType, ETag: file.etag, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.send(file.body);
    },
  });
  return router;
}
