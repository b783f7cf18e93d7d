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
import { pageOf } from '../views/common.js';
import { ResyncJobSchema, ResyncResultSchema } from '../views/resync.js';

/** What the resync routes use (built by src/app/resync.ts). */
export interface ResyncApi {
  readonly service: ResyncService;
  readonly jobs: ResyncJobs;
}

/** The resync router (mounted under /api). */
export function resyncRouter(resync: ResyncApi): Router {
  const router = Router();
  route(router, '/phones/:mac/resync', {
    POST: {
      summary: 'Tell a phone to re-read its files (or reboot) by SIP NOTIFY',
      description: 'Sent over UDP to the address the phone last fetched a file from and PROV_RESYNC_SIP_PORT, with the Event of its vendor.json `resync`; answers 200 whatever the phone said (`result`), after at most PROV_RESYNC_TIMEOUT ms (twice that when the phone asks for Digest credentials).',
      tags: ['resync'],
      query: ResyncQuerySchema,
      responses: { 200: { description: "The phone's answer.", schema: ResyncResultSchema } },
      errors: ['PROV_ERR_PHONE_NOT_FOUND', 'PROV_ERR_RESYNC_NEVER_SEEN', 'PROV_ERR_RESYNC_UNSUPPORTED'],
      handler: async (req, res) => {
        res.json(await resync.service.resync(macParam(req), { reboot: rebootOf(req) }));
      },
    },
  });
  route(router, '/resync/jobs', {
    GET: {
      summary: 'List resync jobs of this process, newest first',
      responses: { 200: { description: 'The jobs kept (the newest 20).', schema: pageOf(ResyncJobSchema, 'ResyncJobPage') } },
      handler: async (_req, res) => {
        const items = resync.jobs.list();
        res.json({ count: items.length, items });
      },
    },
    POST: {
      summary: "Resync a user's phones, a vendor's or model's, or all, paced",
      description: 'Answers at once; the NOTIFYs go out at PROV_RESYNC_RATE per second. Phones never seen or without a resync event are skipped.',
      body: ResyncJobRequestSchema,
      responses: { 202: { description: 'The job as it starts (Location: its URL).', schema: ResyncJobSchema } },
      errors: ['PROV_ERR_USER_NOT_FOUND'],
      handler: async (req, res) => {
        const { reboot, ...selection } = parseWith(ResyncJobRequestSchema, bodyOf(req));
        const job = await resync.jobs.start(selection, reboot);
        res.status(202).location(`/api/resync/jobs/${job.id}`).json(job);
      },
    },
  });
  route(router, '/resync/jobs/:id', {
    GET: {
      summary: "A resync job's progress and per-phone results",
      responses: { 200: { description: 'The job.', schema: ResyncJobSchema } },
      errors: ['PROV_ERR_RESYNC_JOB_NOT_FOUND'],
      handler: async (req, res) => {
        res.json(resync.jobs.get(param(req, 'id')));
      },
    },
  });
  return router;
}

// --- internal ---

/** `?reboot=`, checked: anything but true/false is a 400 naming `reboot`. */
function rebootOf(req: Request): boolean {
  return parseWith(ResyncQuerySchema, { reboot: (req.query as Record<string, unknown>).reboot }).reboot;
}
