/** @module The phone (PortSIP IP phone): create/update schemas, the stored record and its public view. */
import { z } from 'zod';
import type { Mac } from './mac.js';
import { digits, line, macField, secret, timezoneField, updateShape, vlanId, vlanPriority } from './fields.js';
import { SettingsChangeSchema, SettingsMapSchema } from './settings.js';
import { DEVICE_AUTH_MODES, INTERFACES, LANGUAGES, TRANSFERS, TRANSPORTS, parseCodec, type Codec } from './values.js';

/** Codec priority list: known codecs (any spelling), first is preferred, no duplicates. */
const codecList = z
  .array(z.string())
  .min(1, 'must list at least one codec')
  .max(16, 'must list at most 16 codecs')
  .transform((list, ctx): Codec[] => {
    const out: Codec[] = [];
    list.forEach((name, i) => {
      const codec = parseCodec(name);
      if (!codec) ctx.addIssue({ code: 'custom', path: [i], message: `unknown codec ${JSON.stringify(name)}` });
      else if (out.includes(codec)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate codec ${codec}` });
      else out.push(codec);
    });
    return out;
  });

/**
 * A door code: digits only. Its length is the model's business (vendor.json `door_codes`, checked
 * by the API; PortSIP's 4-8 for models that declare none), so the shape allows 1-16.
 */
const doorPassword = digits(1, 16);
const setting = line(64);

/**
 * A further SIP account of the phone (line 2, 3, ...): another user's extension. Line 1 is always
 * the phone's own user. Whether the user exists, is not the owner and fits the model's line count
 * is the API's check (src/api/phone-lines.ts); the shape only refuses a user listed twice.
 */
export const PhoneLineSchema = z.strictObject({
  user_id: line(64).min(1, 'must not be empty'),
  label: line(64).optional(),
});
export type PhoneLine = z.output<typeof PhoneLineSchema>;

/** The lines to store: none is kept as absent (a phone without further lines has no `lines`). */
export function storedLines(lines: readonly PhoneLine[] | undefined): { lines?: PhoneLine[] } {
  return lines?.length ? { lines: lines.map((l) => ({ ...l })) } : {};
}

/** The phone without user `userId`'s line (the user is being deleted); updated_at is kept. */
export function withoutLineOf<P extends { readonly lines?: PhoneLine[] }>(phone: P, userId: string): P {
  const { lines, ...rest } = phone;
  return { ...rest, ...storedLines(lines?.filter((l) => l.user_id !== userId)) } as P;
}

/** Further lines in order (line 2 first); at most 63 (the descriptor's largest line count is 64). */
const lineList = z
  .array(PhoneLineSchema)
  .max(63, 'must list at most 63 lines')
  .superRefine((lines, ctx) => {
    const seen = new Set<string>();
    lines.forEach((l, i) => {
      if (seen.has(l.user_id)) ctx.addIssue({ code: 'custom', path: [i, 'user_id'], message: 'appears twice' });
      seen.add(l.user_id);
    });
  });

/**
 * Fields a client may send. Absent PortSIP-required fields get defaults at creation, not here,
 * because they depend on the vendor, the user and the server (see phone-defaults in api/).
 */
const phoneFields = {
  mac: macField,
  filename: line(128).min(1, 'must not be empty').optional(),
  /** Vendor id (folder name under templates/), matched case-insensitively. */
  vendor: line(64).min(1, 'must not be empty').transform((s) => s.toLowerCase()),
  model: line(64).min(1, 'must not be empty'),
  password: secret.optional(),
  language: z.enum(LANGUAGES).default('ENGLISH'),
  transfer: z.enum(TRANSFERS).default('BLIND'),
  timezone: timezoneField.optional(),
  ringtone: setting.optional(),
  queue_ringtone: setting.optional(),
  external_ringtone: setting.optional(),
  date_format: setting.optional(),
  time_format: setting.optional(),
  powerled: setting.optional(),
  backlight: setting.optional(),
  screensaver: setting.optional(),
  rps: z.boolean().default(false),
  https: z.boolean().default(false),
  codecs: codecList.optional(),
  enable_lldp: z.boolean().default(false),
  enable_vlan_wan_port: z.boolean().default(false),
  wan_port_id: vlanId.optional(),
  wan_port_priority: vlanPriority.optional(),
  enable_vlan_pc_port: z.boolean().default(false),
  pc_port_id: vlanId.optional(),
  pc_port_priority: vlanPriority.optional(),
  interface: z.enum(INTERFACES).optional(),
  preferred_transport: z.enum(TRANSPORTS).optional(),
  serial_number: line(64).optional(),
  door_password1: doorPassword.optional(),
  door_password2: doorPassword.optional(),
  /**
   * Send this phone a resync NOTIFY after a change to it, its user or the network settings
   * (src/resync/auto.ts); PROV_RESYNC_ON_CHANGE does it for every phone. Default false.
   */
  auto_resync: z.boolean().default(false),
  /**
   * Device authentication on the phone path (README "Device authentication"); absent: the
   * server's PROV_DEVICE_AUTH. `null` in an update goes back to the server's.
   */
  device_auth: z.enum(DEVICE_AUTH_MODES).optional(),
  /** Further lines (other users' extensions); absent or `[]`: the phone carries its user only. */
  lines: lineList.optional(),
  /**
   * Vendor-native settings written at the end of the phone's file (README "Settings"): key =>
   * value, checked against the vendor's syntax by the API. Global and model settings come first.
   */
  settings: SettingsMapSchema.optional(),
};

/** Every client-settable field, in schema order. */
export const PHONE_FIELDS = Object.keys(phoneFields) as (keyof typeof phoneFields)[];

/** Fields the server owns; a client may echo them back and they are ignored. */
export const PHONE_READ_ONLY = [
  'id', 'user_id', 'url', 'created_at', 'updated_at', 'last_seen_at', 'last_seen_ip', 'last_seen_user_agent',
  'rps_status', 'rps_message', 'rps_updated_at', 'device_credentials_sent_at',
] as const;

/** Body of `POST /api/users/{id}/phones`. A VLAN that is enabled MUST have an id. */
export const PhoneCreateSchema = z.strictObject(phoneFields).superRefine(
  (p, ctx) => {
    // `=== true`: with `when` below this also runs when other fields failed, on unchecked values.
    if (p.enable_vlan_wan_port === true && p.wan_port_id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['wan_port_id'], message: 'is required when enable_vlan_wan_port is true' });
    }
    if (p.enable_vlan_pc_port === true && p.pc_port_id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pc_port_id'], message: 'is required when enable_vlan_pc_port is true' });
    }
  },
  // Run even when other fields are bad, so one 400 names every bad field.
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null }
);
export type PhoneCreate = z.output<typeof PhoneCreateSchema>;

/**
 * Body of `POST|PATCH /api/users/{id}/phones/{phone_id}`: any subset; absent fields keep their
 * value. A door code sent as `null` is cleared (a model change may leave a code the new model
 * does not take).
 */
export const PhoneUpdateSchema = z.strictObject({
  ...updateShape(phoneFields),
  door_password1: doorPassword.nullable().optional(),
  door_password2: doorPassword.nullable().optional(),
  device_auth: z.enum(DEVICE_AUTH_MODES).nullable().optional(),
  // Merged into the stored map: a key sent as `null` is removed; `settings: null` removes them all.
  settings: SettingsChangeSchema.nullable().optional(),
});
export type PhoneUpdate = z.output<typeof PhoneUpdateSchema>;

/**
 * What the store keeps: every default resolved (filename, password, timezone, codecs,
 * interface, transport are always present).
 */
export interface Phone extends Omit<PhoneCreate, 'mac'> {
  readonly id: string;
  readonly user_id: string;
  readonly mac: Mac;
  readonly filename: string;
  readonly password: string;
  readonly timezone: string;
  readonly codecs: Codec[];
  readonly interface: (typeof INTERFACES)[number];
  readonly preferred_transport: (typeof TRANSPORTS)[number];
  readonly created_at: string;
  readonly updated_at: string;
  /**
   * The phone's provisioning password (its username is its MAC), generated by the server (20
   * characters [A-Za-z0-9]), sealed at rest, never shown by GET; written into the vendor's
   * provisioning-credential settings of its files. Absent on phones stored before it existed
   * until an update or a rotation gives them one.
   */
  readonly device_password?: string;
  /** When the phone's files first delivered its current device credentials (ISO 8601; `digest` mode). */
  readonly device_credentials_sent_at?: string;
}

/** Where and how a phone was last seen fetching a file (kept apart: written by the phone path). */
export interface PhoneSighting {
  readonly at: string;
  readonly ip: string;
  readonly user_agent: string;
}

/** Fields never returned by GET, never logged. */
export const PHONE_SECRETS = ['password', 'door_password1', 'door_password2', 'device_password'] as const;

/** The phone as the API shows it: no secrets. */
export function toPhoneView(phone: Phone): Omit<Phone, (typeof PHONE_SECRETS)[number]> {
  const { password: _p, door_password1: _d1, door_password2: _d2, device_password: _dp, ...view } = phone;
  return view;
}
