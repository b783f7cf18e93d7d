/**
 * @module Routes `/api/firmware` (list) and `/api/firmware/{vendor}/{model}` (PUT uploads the
 * raw bytes, GET, DELETE). Mounted before the JSON body parser: the upload body is the file,
 * streamed to disk (src/firmware/), never parsed or held whole.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { FirmwareService } from '../../firmware/service.js';
import { FirmwareRecordSchema } from '../../firmware/types.js';
import { param, route } from '../routing.js';
import { pageOf, timestamp } from '../views/common.js';

const FirmwareView = FirmwareRecordSchema.extend({
  filename: z.string().describe('The name phones ask for: `<provisioning URL><filename>` over HTTP(S), `<filename>` over TFTP.'),
  size: z.number().int().min(0).describe('Bytes.'),
  sha256: z.string().describe('Hex SHA-256 of the bytes, computed while they were received; the ETag phones see.'),
  uploaded_at: timestamp,
}).meta({ title: 'Firmware' });

const PARAMS = { vendor: 'A vendor id (`GET /api/vendors`).', model: 'A model of that vendor.' };

/** The firmware router (mounted under /api, before the JSON body parser). */
export function firmwareRouter(firmware: FirmwareService): Router {
  const router = Router();
  route(router, '/firmware', {
    GET: {
      summary: 'List uploaded firmware',
      tags: ['firmware'],
      responses: { 200: { description: 'Every model with firmware, by vendor then model.', schema: pageOf(FirmwareView, 'FirmwarePage') } },
      handler: async (_req, res) => {
        const items = await firmware.list();
        res.json({ count: items.length, items });
      },
    },
  });
  route(router, '/firmware/:vendor/:model', {
    GET: {
      summary: "Get a model's firmware",
      tags: ['firmware'],
      params: PARAMS,
      responses: { 200: { description: 'The firmware.', schema: FirmwareView } },
      errors: ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_MODEL_UNKNOWN', 'PROV_ERR_FIRMWARE_NOT_FOUND'],
      handler: async (req, res) => {
        res.json(await firmware.get(param(req, 'vendor'), param(req, 'model')));
      },
    },
    PUT: {
      summary: "Upload (or replace) a model's firmware",
      description:
        'The request body is the file itself (`Content-Type: application/octet-stream`; `Content-Length` or chunked), ' +
        'streamed to disk and hashed on the way. The file name phones ask for is `?filename=` or the `X-Firmware-Filename` ' +
        'header. Past PROV_FIRMWARE_MAX_BYTES the upload is refused (413) and nothing is kept; until the new file is ' +
        'complete and on disk the previous one stays in force. Every phone of the model gets its upgrade keys at its next fetch.',
      tags: ['firmware'],
      params: PARAMS,
      headers: { 'X-Firmware-Filename': 'The file name phones ask for (when `?filename=` is absent).' },
      query: z.object({ filename: z.string().optional().describe('The file name phones ask for, e.g. `T46S-66.86.0.15.rom`.') }),
      responses: { 200: { description: 'The firmware now in force.', schema: FirmwareView } },
      errors: ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_MODEL_UNKNOWN', 'PROV_ERR_FIRMWARE_TOO_LARGE', 'PROV_ERR_FIRMWARE_NAME_TAKEN'],
      handler: async (req, res) => {
        try {
          res.json(await firmware.upload(param(req, 'vendor'), param(req, 'model'), filenameOf(req), req, declaredLength(req)));
        } catch (err) {
          // The rest of a refused body is not read: the connection ends with the answer.
          if (!req.complete) res.set('Connection', 'close');
          throw err;
        }
      },
    },
    DELETE: {
      summary: "Remove a model's firmware",
      description: 'Phones of the model stop getting upgrade keys at their next fetch; the bytes go once no model names them.',
      tags: ['firmware'],
      params: PARAMS,
      responses: { 200: { description: 'The firmware removed.', schema: FirmwareView } },
      errors: ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_MODEL_UNKNOWN', 'PROV_ERR_FIRMWARE_NOT_FOUND'],
      handler: async (req, res) => {
        res.json(await firmware.remove(param(req, 'vendor'), param(req, 'model')));
      },
    },
  });
  return router;
}

// --- internal ---

function filenameOf(req: Request): string | undefined {
  const q: unknown = (req.query as Record<string, unknown>).filename;
  if (typeof q === 'string') return q;
  const h = req.headers['x-firmware-filename'];
  return typeof h === 'string' ? h : undefined;
}

function declaredLength(req: Request): number | undefined {
  const raw = req.headers['content-length'];
  return raw === undefined ? undefined : Number(raw);
}
