/**
 * @module Routes `/api/tokens...`: API tokens of admin identities. `POST` answers the token once
 * (`Cache-Control: no-store`); `GET` lists records, never a token; `DELETE /tokens/{id}` (and
 * PortSIP's verb `POST /tokens/{id}/destroy`) revokes at once. Admin roles only (the route
 * default); which role an Admin may mint is the service's rule.
 */
import { Router, type RequestHandler } from 'express';
import type { TokensService } from '../../identity/tokens-service.js';
import { identityOf } from '../auth.js';
import { bodyOf, param, route } from '../routing.js';

/** The tokens router (mounted under /api). */
export function tokensRouter(tokens: TokensService): Router {
  const router = Router();
  const revoke: RequestHandler = async (req, res) => {
    await tokens.revoke(identityOf(res), param(req, 'id'));
    res.status(204).end();
  };

  route(router, '/tokens', {
    GET: async (_req, res) => {
      const items = await tokens.list();
      res.json({ count: items.length, items });
    },
    POST: async (req, res) => {
      const created = await tokens.create(identityOf(res), bodyOf(req));
      res.set('Cache-Control', 'no-store').status(201).json(created);
    },
  });
  route(router, '/tokens/:id', { DELETE: revoke });
  route(router, '/tokens/:id/destroy', { POST: revoke });
  return router;
}
