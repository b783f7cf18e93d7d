/** @module Route `/api/network`: PortSIP's network settings (GET, and POST as a partial update). */
import { Router } from 'express';
import type { NetworkService } from '../network-service.js';
import { bodyOf, route } from '../routing.js';
import { NetworkUpdateBody, NetworkView } from '../views/admin.js';

/** The network settings router (mounted under /api). */
export function networkRouter(network: NetworkService): Router {
  const router = Router();
  route(router, '/network', {
    GET: {
      summary: 'Get the network settings',
      responses: { 200: { description: 'The settings in force: which addresses and ports phones are given.', schema: NetworkView } },
      handler: async (_req, res) => {
        res.json(await network.get());
      },
    },
    // Absent fields keep their value; `null` clears one. Answers the settings now in force.
    POST: {
      summary: 'Change the network settings (absent fields keep their value, `null` clears one)',
      body: NetworkUpdateBody,
      responses: { 200: { description: 'The settings now in force.', schema: NetworkView } },
      errors: ['PROV_ERR_STORE_CONFLICT'],
      handler: async (req, res) => {
        res.json(await network.update(bodyOf(req)));
      },
    },
  });
  return router;
}
