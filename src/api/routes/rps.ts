/**
 * @module Routes of the redirect services (RPS): `/api/rps/vendors` (what each vendor may use),
 * `/api/rps/accounts[/{vendor}[/check]]` (one account per vendor, secrets write-only) and
 * `/api/phones/{mac}/rps/{retry,override}` (any MAC spelling).
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { validationError } from '../../errors.js';
import type { RedirectDirectory } from '../../redirect/index.js';
import type { VendorRegistry } from '../../vendors/registry.js';
import type { PhoneRps } from '../phone-rps.js';
import { bodyOf, macParam, param, route } from '../routing.js';
import type { RpsAccountsService } from '../rps-accounts-service.js';
import { pageOf } from '../views/common.js';
import { PhoneRpsSchema, RpsAccountBody, RpsAccountViewSchema, RpsCheckSchema, RpsVendorSchema } from '../views/rps.js';

const ACCOUNT_ERRORS = ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_RPS_ACCOUNT_NOT_FOUND'] as const;
const accountAnswer = (description: string) => ({ description, schema: RpsAccountViewSchema });
const phoneRpsAnswer = { 202: { description: "Queued: the job runner registers, and the phone's `rps_status` tells how it went.", schema: PhoneRpsSchema } };

export interface RpsRouterDeps {
  readonly accounts: RpsAccountsService;
  readonly phoneRps: PhoneRps;
  readonly registry: VendorRegistry;
  readonly redirect: RedirectDirectory;
  /** The phone's `rps_status`, `rps_message`, `rps_updated_at` (and `mac`, `rps`) after an action. */
  readonly rpsView: (mac: ReturnType<typeof macParam>) => Promise<Record<string, unknown>>;
}

/** The RPS router (mounted under /api). */
export function rpsRouter(deps: RpsRouterDeps): Router {
  const { accounts, phoneRps, registry, redirect } = deps;
  const router = Router();

  route(router, '/rps/vendors', {
    GET: {
      summary: 'List which redirect services (RPS) each vendor may use',
      responses: { 200: { description: 'One entry per vendor.', schema: pageOf(RpsVendorSchema, 'RpsVendorPage') } },
      handler: async (_req, res) => {
        const configured = new Set((await accounts.list()).map((a) => a.vendor));
        const items = registry.list().map((vendor) => {
          const services = redirect.forVendor(vendor);
          if (!services.supported) return { vendor: vendor.id, name: vendor.descriptor.name, supported: false, reason: services.reason, flavours: [], account: false };
          const flavours = services.services.map((s) => ({ id: s.id, credentials: s.credentials, default_url: s.defaultUrl, can_override: s.canOverride, url_kind: s.urlKind }));
          return { vendor: vendor.id, name: vendor.descriptor.name, supported: true, flavours, account: configured.has(vendor.id) };
        });
        res.json({ count: items.length, items });
      },
    },
  });
  route(router, '/rps/accounts', {
    GET: {
      summary: 'List redirect-service accounts (no secrets)',
      responses: { 200: { description: 'One account per vendor at most.', schema: pageOf(RpsAccountViewSchema, 'RpsAccountPage') } },
      handler: async (_req, res) => {
        const items = await accounts.list();
        res.json({ count: items.length, items });
      },
    },
  });
  route(router, '/rps/accounts/:vendor', {
    GET: {
      summary: "Get a vendor's redirect-service account (no secrets)",
      responses: { 200: accountAnswer('The account.') },
      errors: ACCOUNT_ERRORS,
      handler: async (req, res) => {
        res.json(await accounts.get(param(req, 'vendor')));
      },
    },
    // Creates (201) or replaces (200) the whole account; the answer has no secret.
    POST: {
      summary: "Create or replace a vendor's redirect-service account",
      description: 'Which credential fields are required depends on the service (`flavour`): `username` + `password`, or `access_key_id` + `access_key_secret`. Secrets are write-only.',
      body: RpsAccountBody,
      responses: { 200: accountAnswer('Replaced.'), 201: accountAnswer('Created.') },
      errors: ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_RPS_UNSUPPORTED', 'PROV_ERR_RPS_ACCOUNT_IN_USE'],
      handler: async (req, res) => {
        const { created, view } = await accounts.put(param(req, 'vendor'), bodyOf(req));
        res.status(created ? 201 : 200).json(view);
      },
    },
    DELETE: {
      summary: "Delete a vendor's redirect-service account",
      description: 'Refused while a phone with `rps: true` uses it.',
      responses: { 204: { description: 'Deleted.' } },
      errors: [...ACCOUNT_ERRORS, 'PROV_ERR_RPS_ACCOUNT_IN_USE'],
      handler: async (req, res) => {
        await accounts.remove(param(req, 'vendor'));
        res.status(204).end();
      },
    },
  });
  route(router, '/rps/accounts/:vendor/check', {
    POST: {
      summary: "Check a vendor's stored credentials with its redirect service",
      body: NO_FIELDS,
      bodyOptional: true,
      responses: { 200: { description: "The service's verdict.", schema: RpsCheckSchema } },
      errors: ACCOUNT_ERRORS,
      handler: async (req, res) => {
        noBody(req);
        res.json(await accounts.check(param(req, 'vendor')));
      },
    },
  });

  // 202: queued; the job runner registers, and the phone's rps_status tells how it went.
  route(router, '/phones/:mac/rps/retry', {
    POST: {
      summary: "Register a phone's MAC with its redirect service again",
      tags: ['rps'],
      body: NO_FIELDS,
      bodyOptional: true,
      responses: phoneRpsAnswer,
      errors: ['PROV_ERR_PHONE_NOT_FOUND', 'PROV_ERR_RPS_NOT_ENABLED'],
      handler: async (req, res) => {
        noBody(req);
        const mac = macParam(req);
        await phoneRps.retry(mac);
        res.status(202).json(await deps.rpsView(mac));
      },
    },
  });
  route(router, '/phones/:mac/rps/override', {
    POST: {
      summary: 'Take a MAC held by another account over (where the service can)',
      tags: ['rps'],
      body: NO_FIELDS,
      bodyOptional: true,
      responses: phoneRpsAnswer,
      errors: ['PROV_ERR_PHONE_NOT_FOUND', 'PROV_ERR_RPS_NOT_ENABLED', 'PROV_ERR_RPS_OVERRIDE_UNSUPPORTED'],
      handler: async (req, res) => {
        noBody(req);
        const mac = macParam(req);
        await phoneRps.override(mac);
        res.status(202).json(await deps.rpsView(mac));
      },
    },
  });
  return router;
}

// --- internal ---

/** The body of an action that takes no fields: none, or `{}`. */
const NO_FIELDS = z.strictObject({});

/** These actions take no fields: any sent is refused rather than silently ignored. */
function noBody(req: Request): void {
  const fields = Object.keys(bodyOf(req));
  if (fields.length) throw validationError(fields.map((field) => ({ field, message: 'unknown field' })));
}
