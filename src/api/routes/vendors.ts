/** @module Routes `/api/phone_models` (PortSIP's list) and `/api/vendors` (ours: vendors, files, models, capabilities). */
import { Router } from 'express';
import type { VendorRegistry } from '../../vendors/registry.js';
import { route } from '../routing.js';

/** Read-only listings of the vendor registry (mounted under /api). */
export function vendorsRouter(registry: VendorRegistry): Router {
  const router = Router();
  route(router, '/phone_models', {
    GET: (_req, res) => {
      const items = registry.models().map(({ filename, vendor, model, display_name }) => ({ filename, vendor, model, display_name }));
      res.json({ count: items.length, items });
    },
  });
  route(router, '/vendors', {
    GET: (_req, res) => {
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
      }));
      res.json({ count: items.length, items });
    },
  });
  return router;
}
