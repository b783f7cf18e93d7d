/**
 * @module Routes `/api/tokens...`: API tokens of admin identities. `POST` answers the token once
 * (`Cache-Control: no-store`); `GET` lists records, never a token; `DELETE /tokens/{id}` (and
 * PortSIP's verb `POST /tokens/{id}/destroy`) revokes at once. Admin roles only (the route
 * default); which role an Admin may mint is the service's rule.
 */
import { Router } from 'express';
import type { TokensService } from '../../identity/tokens-service.js';
import { identityOf } from '../auth.js';
import { bodyOf, param, route, type Operation } from '../routing.js';
import { pageOf } from '../views/common.js';
import { TokenCreateBody, TokenCreatedSchema, TokenViewSchema } from '../views/admin.js';

/** The tokens router (mounted under /api). */
export function tokensRouter(tokens: TokensService): Router {
  const router = Router();
  const revoke: Operation = {
    summary: 'Revoke an API token',
    description: 'At once. An Admin cannot revoke a SystemAdmin token.',
    responses: { 204: { description: 'Revoked.' } },
    errors: ['PROV_ERR_NOT_FOUND'],
    handler: async (req, res) => {
      await tokens.revoke(identityOf(res), param(req, 'id'));
      res.status(204).end();
    },
  };

  route(router, '/tokens', {
    GET: {
      summary: 'List API tokens (never a token itself)',
      responses: { 200: { description: 'Every token, oldest first.', schema: pageOf(TokenViewSchema, 'TokenPage') } },
      handler: async (_req, res) => {
        const items = await tokens.list();
        res.json({ count: items.length, items });
      },
    },
    POST: {
      summary: 'Create an API token',
      description: 'Self-service roles (StandardUser, StandardInternationalUser) need `user_id`; admin roles must not have one. An Admin cannot mint a SystemAdmin token.',
      body: TokenCreateBody,
      responses: { 201: { description: 'The token, shown this once (`Cache-Control: no-store`).', schema: TokenCreatedSchema } },
      handler: async (req, res) => {
        const created = await tokens.create(identityOf(res), bodyOf(req));
        res.set('Cache-Control', 'no-store').status(201).json(created);
      },
    },
  });
  route(router, '/tokens/:id', { DELETE: revoke });
  route(router, '/tokens/:id/destroy', { POST: { ...revoke, summary: `${revoke.summary} (PortSIP's verb)` } });
  return router;
}
