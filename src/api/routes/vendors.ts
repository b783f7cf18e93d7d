/** @module Routes `/api/phone_models` (PortSIP's list) and `/api/vendors` (ours: vendors, files, models, capabilities). */
import { Router } from 'express';
import type { VendorRegistry } from '../../vendors/registry.js';
import { route } from '../routing.js';
import { pageOf } from '../views/common.js';
import { PhoneModelSchema, VendorSchema } from '../views/admin.js';

/** Read-only listings of the vendor registry (mounted under /api). */
export function vendorsRouter(registry: VendorRegistry): Router {
  const router = Router();
  route(router, '/phone_models', {
    GET: {
      summary: 'List phone models (PortSIP)',
      tags: ['vendors'],
      responses: { 200: { description: 'Every model of every vendor; `filename` is `<vendor>/<model>`.', schema: pageOf(PhoneModelSchema, 'PhoneModelPage') } },
      handler: (_req, res) => {
        const items = registry.models().map(({ filename, vendor, model, display_name }) => ({ filename, vendor, model, display_name }));
        res.json({ count: items.length, items });
      },
    },
  });
  route(router, '/vendors', {
    GET: {
      summary: 'List vendors: their files, models and capabilities',
      responses: { 200: { description: 'Every vendor under templates/.', schema: pageOf(VendorSchema, 'VendorPage') } },
      handler: (_req, res) => {
        const items = registry.list().map((v) => ({
          id: v.id,
          name: v.descriptor.name,
          ouis: v.descriptor.ouis,
          default_codecs: v.descriptor.defaults.codecs,
          files: v.descriptor.files.map((f) => ({
            id: f.id,
            pattern: f.pattern,
            format: f.format,
            content_type: f.contentType,
            // Common files (no MAC in the name) are shared by every phone and carry no secrets.
            common: !/\{mac\}/i.test(f.pattern),
            ...(f.models ? { models: f.models } : {}),
          })),
          models: registry
            .models()
            .filter((m) => m.vendor === v.id)
            .map((m) => ({ model: m.model, filename: m.filename, display_name: m.display_name, capabilities: m.capabilities })),
          settings: v.descriptor.settings ?? null,
        }));
        res.json({ count: items.length, items });
      },
    },
  });
  return router;
}
