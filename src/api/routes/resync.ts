/**
 * @module Resync routes (admin roles only, routing.ts default): `POST /api/phones/{mac}/resync`
 * (`?reboot=true`) sends one NOTIFY and answers its result; `POST /api/resync/jobs` starts a
 * paced bulk job and answers 202 with it; `GET /api/resync/jobs[/{id}]` reads jobs back.
 */
import { Router, type Request } from 'express';
import { parseWith } from '../../domain/fields.js';
import type { ResyncJobs } from '../../resync/jobs.js';
import { ResyncJobRequestSchema, ResyncQuerySchema } from '../../resync/requests.js';
import type { ResyncService } from '../../resync/service.js';
import { bodyOf, macParam, param, route } from '../routing.js';

/** What the resync routes use (built by src/app/resync.ts). */
export interface ResyncApi {
  readonly service: ResyncService;
  readonly jobs: ResyncJobs;
}

/** The resync router (mounted under /api). */
export function resyncRouter(resync: ResyncApi): Router {
  const router = Router();
  route(router, '/phones/:mac/resync', {
    // 200 whatever the phone answered: `result` says it (ok, rejected, no_answer).
    POST: async (req, res) => {
      res.json(await resync.service.resync(macParam(req), { reboot: rebootOf(req) }));
    },
  });
  route(router, '/resync/jobs', {
    GET: async (_req, res) => {
      const items = resync.jobs.list();
      res.json({ count: items.length, items });
    },
    POST: async (req, res) => {
      const { reboot, ...selection } = parseWith(ResyncJobRequestSchema, bodyOf(req));
      const job = await resync.jobs.start(selection, reboot);
      res.status(202).location(`/api/resync/jobs/${job.id}`).json(job);
    },
  });
  route(router, '/resync/jobs/:id', {
    GET: async (req, res) => {
      res.json(resync.jobs.get(param(req, 'id')));
    },
  });
  return router;
}

// --- internal ---

/** `?reboot=`, checked: anything but true/false is a 400 naming `reboot`. */
function rebootOf(req: Request): boolean {
  return parseWith(ResyncQuerySchema, { reboot: (req.query as Record<string, unknown>).reboot }).reboot;
}
