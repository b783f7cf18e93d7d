/**
 * @module Routes `/api/users...`: PortSIP's paths and verbs (POST updates, POST .../destroy
 * deletes) plus the REST forms PATCH and DELETE on the same resources.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { toUserView } from '../../domain/user.js';
import { validationError } from '../../errors.js';
import { IDEMPOTENCY_HEADER_DOC, idempotencyKeyOf } from '../idempotency.js';
import { USER_QUERY } from '../queries.js';
import { bodyOf, listQueryOf, param, route, type Operation } from '../routing.js';
import type { UsersService } from '../users-service.js';
import { pageOf } from '../views/common.js';
import { oneFieldBody, UserCreateBody, UserUpdateBody, UserViewSchema } from '../views/users.js';

const USER_ERRORS = ['PROV_ERR_USER_NOT_FOUND'] as const;
const WRITE_ERRORS = ['PROV_ERR_USER_NOT_FOUND', 'PROV_ERR_EXTENSION_TAKEN', 'PROV_ERR_USER_NAME_TAKEN', 'PROV_ERR_STORE_CONFLICT'] as const;
const userAnswer = { 200: { description: 'The user as it is now (no secrets).', schema: UserViewSchema } };

/** The users router (mounted under /api); handlers only parse, call the service and shape the answer. */
export function usersRouter(users: UsersService): Router {
  const router = Router();

  const update: Operation = {
    summary: 'Update a user (absent fields keep their value)',
    description: 'The merged record must pass the create rules. Fields the server owns (`id`, `provision_token`, ...) may be echoed back and are ignored. Changing `extension_password` ends the user\'s outstanding QR tokens.',
    body: UserUpdateBody,
    responses: userAnswer,
    errors: WRITE_ERRORS,
    handler: async (req, res) => {
      res.json(toUserView(await users.update(param(req, 'id'), bodyOf(req))));
    },
  };
  // Destroying a user destroys its phones too; their files stop being served at once.
  const destroy: Operation = {
    summary: 'Delete a user and all its phones',
    description: "The phones' files stop being served at once.",
    responses: { 204: { description: 'Deleted.' } },
    errors: USER_ERRORS,
    handler: async (req, res) => {
      await users.destroy(param(req, 'id'));
      res.status(204).end();
    },
  };
  /** `POST /api/users/{id}/<field>` with body `{ <field> }`: a one-field update, answered with the view. */
  const setField = (field: 'extension_password' | 'password' | 'role', summary: string): Operation => ({
    summary,
    body: oneFieldBody(field),
    responses: userAnswer,
    errors: WRITE_ERRORS,
    handler: async (req, res) => {
      const body = bodyOf(req);
      await users.get(param(req, 'id'));
      const errors = Object.keys(body)
        .filter((k) => k !== field)
        .map((k) => ({ field: k, message: 'unknown field' }));
      if (body[field] === undefined) errors.unshift({ field, message: 'is required' });
      if (errors.length) throw validationError(errors);
      res.json(toUserView(await users.update(param(req, 'id'), { [field]: body[field] })));
    },
  });

  route(router, '/users', {
    GET: {
      summary: 'List users',
      list: USER_QUERY,
      responses: { 200: { description: 'A page of users.', schema: pageOf(UserViewSchema, 'UserPage') } },
      handler: async (req, res) => {
        const page = await users.list(listQueryOf(req, USER_QUERY));
        res.json({ count: page.count, items: page.items.map(toUserView) });
      },
    },
    POST: {
      summary: 'Create a user (extension)',
      description: "Defaults are PortSIP's. Fields the server owns may be echoed back and are ignored.",
      body: UserCreateBody,
      headers: IDEMPOTENCY_HEADER_DOC,
      responses: { 201: { description: 'The user created (no secrets).', schema: UserViewSchema } },
      errors: ['PROV_ERR_EXTENSION_TAKEN', 'PROV_ERR_USER_NAME_TAKEN', 'PROV_ERR_IDEMPOTENCY_KEY_REUSED', 'PROV_ERR_USER_NOT_FOUND'],
      handler: async (req, res) => {
        res.status(201).json(toUserView(await users.create(bodyOf(req), idempotencyKeyOf(req.headers['idempotency-key']))));
      },
    },
  });
  route(router, '/users/:id', {
    GET: {
      summary: 'Get a user',
      responses: userAnswer,
      errors: USER_ERRORS,
      handler: async (req, res) => {
        res.json(toUserView(await users.get(param(req, 'id'))));
      },
    },
    POST: { ...update, summary: `${update.summary} (PortSIP's verb)` },
    PATCH: update,
    DELETE: destroy,
  });
  route(router, '/users/:id/destroy', { POST: { ...destroy, summary: `${destroy.summary} (PortSIP's verb)` } });
  route(router, '/users/:id/extension_password', { POST: setField('extension_password', "Set the extension's SIP password") });
  route(router, '/users/:id/password', { POST: setField('password', "Set the user's web password") });
  route(router, '/users/:id/role', { POST: setField('role', "Set the user's role") });
  route(router, '/users/:id/provision_token', {
    POST: {
      summary: "Rotate the user's provisioning folder token",
      description: 'URLs with the old token stop working at once.',
      responses: { 200: { description: 'The new token.', schema: z.object({ provision_token: z.string() }) } },
      errors: USER_ERRORS,
      handler: async (req, res) => {
        const user = await users.rotateToken(param(req, 'id'));
        res.json({ provision_token: user.provision_token });
      },
    },
  });
  return router;
}
