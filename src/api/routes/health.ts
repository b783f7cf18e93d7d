/**
 * @module `/healthz` and `/readyz` (no token): liveness answers 200 while the process serves;
 * readiness answers 200 only when the store answers in time with its data intact, else 503 with
 * a JSON reason (for load balancers and orchestrators).
 */
import { Router } from 'express';
import type { Readiness } from '../../health/readiness.js';
import { route } from '../routing.js';

/** The health router (mounted at the root, outside /api and its token). */
export function healthRouter(readiness: () => Promise<Readiness>): Router {
  const router = Router();
  route(router, '/healthz', { GET: (_req, res) => void res.json({ status: 'ok' }) }, 'public');
  route(router, '/readyz', {
    GET: async (_req, res) => {
      const state = await readiness();
      res.set('Cache-Control', 'no-store');
      if (state.ready) res.json({ status: state.status });
      else res.status(503).json({ status: state.status, reason: state.reason });
    },
  }, 'public');
  return router;
}
