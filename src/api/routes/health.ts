/**
 * @module `/healthz` and `/readyz` (no token): liveness answers 200 while the process serves;
 * readiness answers 200 only when the store answers in time with its data intact, else 503 with
 * a JSON reason (for load balancers and orchestrators).
 */
import { Router } from 'express';
import type { Readiness } from '../../health/readiness.js';
import { route } from '../routing.js';
import { HealthSchema, ReadinessSchema } from '../views/admin.js';

/** The health router (mounted at the root, outside /api and its token). */
export function healthRouter(readiness: () => Promise<Readiness>): Router {
  const router = Router();
  route(router, '/healthz', {
    GET: {
      summary: 'Liveness',
      tags: ['health'],
      responses: { 200: { description: 'The process serves.', schema: HealthSchema } },
      handler: (_req, res) => void res.json({ status: 'ok' }),
    },
  }, 'public');
  route(router, '/readyz', {
    GET: {
      summary: 'Readiness',
      tags: ['health'],
      description: 'For load balancers and orchestrators: ready when the store answers in time with its data intact.',
      responses: {
        200: { description: 'Ready.', schema: ReadinessSchema },
        503: { description: 'Not ready, with the reason.', schema: ReadinessSchema },
      },
      handler: async (_req, res) => {
        const state = await readiness();
        res.set('Cache-Control', 'no-store');
        if (state.ready) res.json({ status: state.status });
        else res.status(503).json({ status: state.status, reason: state.reason });
      },
    },
  }, 'public');
  return router;
}
