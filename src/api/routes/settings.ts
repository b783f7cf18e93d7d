/** @module Routes of vendor-wide and per-model settings (README "Settings"; src/settings/). */
import { Router } from 'express';
import { z } from 'zod';
import { SettingsPutSchema, type SettingsScope, type SettingsService } from '../../settings/service.js';
import { bodyOf, param, route, type Operation } from '../routing.js';

const SettingsViewSchema = z
  .object({
    vendor: z.string(),
    model: z.string().optional().describe('Absent for the vendor-wide settings.'),
    settings: z.record(z.string(), z.string()).describe('Vendor-native key => value; values of keys that look secret (`pass`, `secret`, `pwd`, ...) read `********`.'),
  })
  .meta({ title: 'Settings' });
const SettingsPutBody = SettingsPutSchema.meta({ title: 'SettingsPut' });

/** The settings router (mounted under /api). */
export function settingsRouter(settings: SettingsService): Router {
  const router = Router();
  const operations = (what: string, scopeOf: (req: Parameters<Operation['handler']>[0]) => SettingsScope): Partial<Record<'GET' | 'PUT', Operation>> => ({
    GET: {
      summary: `Get the ${what} settings`,
      tags: ['vendors'],
      responses: { 200: { description: `The ${what} settings (secret-looking values masked).`, schema: SettingsViewSchema } },
      errors: ['PROV_ERR_NOT_FOUND'],
      handler: async (req, res) => {
        res.json(await settings.get(scopeOf(req)));
      },
    },
    // The whole map is replaced; a value sent as `********` keeps the stored value of that key.
    PUT: {
      summary: `Replace the ${what} settings (global -> model -> phone: the later wins in a phone's file)`,
      tags: ['vendors'],
      body: SettingsPutBody,
      responses: { 200: { description: 'The settings now in force (secret-looking values masked).', schema: SettingsViewSchema } },
      errors: ['PROV_ERR_NOT_FOUND', 'PROV_ERR_STORE_CONFLICT'],
      handler: async (req, res) => {
        res.json(await settings.put(scopeOf(req), bodyOf(req)));
      },
    },
  });
  route(router, '/vendors/:vendor/settings', operations('vendor-wide', (req) => ({ vendor: param(req, 'vendor') })));
  route(router, '/vendors/:vendor/models/:model/settings', operations('per-model', (req) => ({ vendor: param(req, 'vendor'), model: param(req, 'model') })));
  return router;
}
