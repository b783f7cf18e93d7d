/** @module Route `/api/network`: PortSIP's network settings (GET, and POST as a partial update). */
import { Router } from 'express';
import type { NetworkService } from '../network-service.js';
import { bodyOf, route } from '../routing.js';

/** The network settings router (mounted under /api). */
export function networkRouter(network: NetworkService): Router {
  const router = Router();
  route(router, '/network', {
    GET: async (_req, res) => {
      res.json(await network.get());
    },
    // Absent fields keep their value; `null` clears one. Answers the settings now in force.
    POST: async (req, res) => {
      res.json(await network.update(bodyOf(req)));
    },
  });
  return router;
}
