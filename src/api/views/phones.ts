/** @module Answer shapes of phones (the stored record without secrets, with `url` and RPS state). */
import { z } from 'zod';
import { PhoneCreateSchema, PhoneUpdateSchema } from '../../domain/phone.js';
import { RPS_STATUSES } from '../../store/rps-types.js';
import { serverId, timestamp } from './common.js';

const shape = PhoneCreateSchema.shape;

/** A phone as every GET answers it. */
export const PhoneViewSchema = z
  .object(shape)
  .omit({ password: true, door_password1: true, door_password2: true })
  .extend({
    id: serverId,
    user_id: serverId,
    mac: z.string().describe('12 lowercase hex digits (`001565aabbcc`).'),
    // Resolved at creation from the vendor, the user and the server when absent.
    filename: shape.filename.unwrap(),
    timezone: shape.timezone.unwrap(),
    codecs: shape.codecs.unwrap(),
    interface: shape.interface.unwrap(),
    preferred_transport: shape.preferred_transport.unwrap(),
    created_at: timestamp,
    updated_at: timestamp,
    last_seen_at: timestamp.optional().describe('When the phone last fetched a file.'),
    last_seen_ip: z.string().optional(),
    last_seen_user_agent: z.string().optional(),
    rps_status: z.enum(RPS_STATUSES).describe('Where the redirect service (RPS) stands for this MAC.'),
    rps_message: z.string().describe("The vendor's own words when it went wrong; empty otherwise."),
    rps_updated_at: timestamp.nullable(),
    url: z.string().describe('The auto-provisioning URL to give the phone (or its redirect service).'),
  })
  .meta({ title: 'Phone' });

/** `POST /api/users/{id}/phones`: plus `password` when the server generated the web password (this answer only). */
export const PhoneCreatedSchema = PhoneViewSchema.extend({
  password: z.string().optional().describe('The generated web password; shown on this answer only.'),
}).meta({ title: 'PhoneCreated' });

/** `GET /api/phones/{mac}`: PortSIP's extras beside the phone. */
export const PhoneByMacSchema = PhoneViewSchema.extend({
  extension_number: z.string(),
  name: z.string().describe("The user's display name, else its name."),
  ip: z.string().nullable().describe('Where it was last seen from.'),
  fwver: z.null().describe('Firmware version: not known to this server.'),
});

/** `GET /api/phones/{mac}/files`. */
export const PhoneFilesSchema = z.object({
  items: z.array(z.object({
    name: z.string(),
    url: z.string(),
    common: z.boolean().describe('Shared by every phone of the model; carries no secrets.'),
  })),
});

/** `GET /api/users/{id}/lines`: the phones carrying the user on a further line. */
export const CarriedLinePageSchema = z
  .object({
    count: z.number().int(),
    items: z.array(z.object({
      phone_id: serverId,
      mac: z.string().describe('12 lowercase hex digits.'),
      vendor: z.string(),
      model: z.string(),
      user_id: serverId.describe("The phone's own user (line 1)."),
      line: z.number().int().describe("The line's number on that phone (2 = its first further line)."),
      label: z.string().optional(),
    })),
  })
  .meta({ title: 'CarriedLinePage' });

export const PhoneCreateBody = PhoneCreateSchema.meta({ title: 'PhoneCreate' });
export const PhoneUpdateBody = PhoneUpdateSchema.meta({ title: 'PhoneUpdate' });

/** `POST /api/phones/{mac}/rotate_device_credentials`: the new credentials, answered this once. */
export const DeviceCredentialsSchema = z
  .object({
    mac: z.string().describe('12 lowercase hex digits.'),
    device_username: z.string().describe('The user name the phone sends (HTTP Digest, or Basic over HTTPS).'),
    device_password: z.string().describe('The new password; shown here only, then sealed at rest.'),
  })
  .meta({ title: 'DeviceCredentials' });
