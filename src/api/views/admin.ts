/** @module Answer shapes of network settings, tokens, vendors, unknown devices, health. */
import { z } from 'zod';
import { NetworkSchema, NetworkUpdateSchema } from '../../domain/network.js';
import { TOKEN_ROLES } from '../../identity/roles.js';
import { TokenCreateSchema } from '../../identity/tokens-service.js';
import { VendorModelSchema } from '../../vendors/descriptor.js';
import { VendorSettingsRuleSchema } from '../../vendors/settings-rule.js';
import { serverId, timestamp } from './common.js';

export const NetworkView = NetworkSchema.meta({ title: 'Network' });
export const NetworkUpdateBody = NetworkUpdateSchema.meta({ title: 'NetworkUpdate' });

/** An API token as listed: never the token itself. */
export const TokenViewSchema = z
  .object({
    id: serverId,
    name: z.string(),
    role: z.enum(TOKEN_ROLES),
    user_id: z.string().nullable().describe('The user of a self-service token; null for admin roles.'),
    created_at: timestamp,
  })
  .meta({ title: 'Token' });

export const TokenCreatedSchema = TokenViewSchema.extend({
  token: z.string().describe('The bearer token: shown on this answer only, never again.'),
}).meta({ title: 'TokenCreated' });

export const TokenCreateBody = TokenCreateSchema.meta({ title: 'TokenCreate' });

/** `GET /api/phone_models` items. */
export const PhoneModelSchema = z.object({ filename: z.string(), vendor: z.string(), model: z.string(), display_name: z.string() });

/** `GET /api/vendors` items. */
export const VendorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ouis: z.array(z.string()),
    default_codecs: z.array(z.string()),
    files: z.array(z.object({
      id: z.string(),
      pattern: z.string(),
      format: z.string(),
      content_type: z.string(),
      common: z.boolean().describe('No MAC in the name: shared by every phone, no secrets.'),
      models: z.array(z.string()).optional(),
    })),
    models: z.array(z.object({ model: z.string(), filename: z.string(), display_name: z.string(), capabilities: VendorModelSchema })),
    settings: VendorSettingsRuleSchema.nullable().describe('The syntax of admin settings (`key` pattern, limits, refused `deny` keys); null: the vendor takes none.'),
  })
  .meta({ title: 'Vendor' });

/** `GET /api/unknown_phones` items: a device that asked for files and matched no phone. */
export const UnknownPhoneSchema = z
  .object({
    mac: z.string().describe('12 lowercase hex digits.'),
    vendor: z.string().nullable().describe('Guessed from the file name, the User-Agent or the OUI.'),
    model: z.string().nullable(),
    ip: z.string(),
    user_agent: z.string(),
    file: z.string(),
    protocol: z.string(),
    first_seen: timestamp,
    last_seen: timestamp,
    count: z.number().int(),
  })
  .meta({ title: 'UnknownPhone' });

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadinessSchema = z.object({ status: z.enum(['ready', 'store_unavailable', 'data_lost']), reason: z.string().optional() });
