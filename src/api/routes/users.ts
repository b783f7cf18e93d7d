/**
 * @module Routes `/api/users...`: PortSIP's paths and verbs (POST updates, POST .../destroy
 * deletes) plus the REST forms PATCH and DELETE on the same resources.
 */
import { Router, type RequestHandler } from 'express';
import { toUserView } from '../../domain/user.js';
import { validationError } from '../../errors.js';
import { idempotencyKeyOf } from '../idempotency.js';
import { USER_QUERY } from '../queries.js';
import { bodyOf, listQueryOf, param, route } from '../routing.js';
import { secretsRequested } from '../with-secrets.js';
import type { UsersService } from '../users-service.js';

/** The users router (mounted under /api); handlers only parse, call the service and shape the answer. */
export function usersRouter(users: UsersService): Router {
  const router = Router();

  const update: RequestHandler = async (req, res) => {
    res.json(toUserView(await users.update(param(req, 'id'), bodyOf(req))));
  };
  // Destroying a user destroys its phones too; their files stop being served at once.
  const destroy: RequestHandler = async (req, res) => {
    await users.destroy(param(req, 'id'));
    res.status(204).end();
  };
  /** `POST /api/users/{id}/<field>` with body `{ <field> }`: a one-field update, answered with the view. */
  const setField = (field: string): RequestHandler => async (req, res) => {
    const body = bodyOf(req);
    await users.get(param(req, 'id'));
    const errors = Object.keys(body)
      .filter((k) => k !== field)
      .map((k) => ({ field: k, message: 'unknown field' }));
    if (body[field] === undefined) errors.unshift({ field, message: 'is required' });
    if (errors.length) throw validationError(errors);
    res.json(toUserView(await users.update(param(req, 'id'), { [field]: body[field] })));
  };

  route(router, '/users', {
    GET: async (req, res) => {
      const withSecrets = secretsRequested(req, res);
      const page = await users.list(listQueryOf(req, USER_QUERY));
      res.json({ count: page.count, items: withSecrets ? page.items : page.items.map(toUserView) });
    },
    POST: async (req, res) => {
      res.status(201).json(toUserView(await users.create(bodyOf(req), idempotencyKeyOf(req.headers['idempotency-key']))));
    },
  });
  route(router, '/users/:id', {
    GET: async (req, res) => {
      res.json(toUserView(await users.get(param(req, 'id'))));
    },
    POST: update,
    PATCH: update,
    DELETE: destroy,
  });
  route(router, '/users/:id/destroy', { POST: destroy });
  route(router, '/users/:id/extension_password', { POST: setField('extension_password') });
  route(router, '/users/:id/password', { POST: setField('password') });
  route(router, '/users/:id/role', { POST: setField('role') });
  route(router, '/users/:id/provision_token', {
    POST: async (req, res) => {
      const user = await users.rotateToken(param(req, 'id'));
      res.json({ provision_token: user.provision_token });
    },
  });
  return router;
}
