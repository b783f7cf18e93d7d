/** @module Answer shapes of the redirect services (RPS): vendors, accounts (no secrets), checks, a phone's RPS state. */
import { z } from 'zod';
import { RpsAccountBodySchema } from '../../domain/rps-account.js';
import { REDIRECT_ERROR_KINDS } from '../../redirect/types.js';
import { RPS_STATUSES } from '../../store/rps-types.js';
import { timestamp } from './common.js';

const credentials = z.enum(['username_password', 'access_key']);

export const RpsVendorSchema = z.object({
  vendor: z.string(),
  name: z.string(),
  supported: z.boolean(),
  reason: z.string().optional().describe('Why the vendor has no redirect service.'),
  flavours: z.array(z.object({
    id: z.string(),
    credentials,
    default_url: z.string().nullable(),
    can_override: z.boolean(),
    url_kind: z.enum(['folder', 'file']),
  })),
  account: z.boolean().describe('Whether an account is configured.'),
});

/** An account as answered: secrets are write-only. */
export const RpsAccountViewSchema = z
  .object({
    vendor: z.string(),
    flavour: z.string(),
    credentials: credentials.nullable(),
    url: z.string().nullable().describe("The account's own base URL, or null for the service's public one."),
    default_url: z.string().nullable(),
    username: z.string().optional(),
    access_key_id: z.string().optional(),
    can_override: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'RpsAccount' });

export const RpsAccountBody = RpsAccountBodySchema.meta({ title: 'RpsAccountBody' });

export const RpsCheckSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.enum(REDIRECT_ERROR_KINDS), message: z.string() }),
]);

/** A phone's RPS state after `retry` or `override`. */
export const PhoneRpsSchema = z.object({
  mac: z.string(),
  rps: z.boolean(),
  rps_status: z.enum(RPS_STATUSES),
  rps_message: z.string(),
  rps_updated_at: timestamp.nullable(),
});
