/** @module The user (PortSIP extension): create/update schemas, the stored record and its public view. */
import { z } from 'zod';
import { bcp47Field, digits, line, secret, updateShape } from './fields.js';
import { freeJsonObject, jsonText } from './free-json.js';
import { userNameKey } from './user-name.js';
import {
  BUILTIN_ROLES,
  INTERFACES,
  RESERVED_USER_NAMES,
  SMS_MODES,
  TRANSPORTS,
  VOICEMAIL_PLAY_DATETIME,
} from './values.js';

const RESERVED_KEYS = new Set(RESERVED_USER_NAMES.map(userNameKey));

/**
 * Account name: letters, digits and `_ - ' .`, 1-64 characters, MUST NOT start or end with `.`;
 * stored in NFC (an NFD "José" becomes the NFC one). `admin`, `system`, `administrator`, `root`
 * are reserved, compared on userNameKey() (any case, `ADMİN`, `admın`, fullwidth `ＡＤＭＩＮ`).
 */
const userName = z
  .string()
  .transform((s) => s.normalize('NFC'))
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters')
      // \p{M}: combining marks are part of letters in many scripts (Devanagari vowel signs, accents without a precomposed form).
      .regex(/^(?!\p{M})[\p{L}\p{M}\p{N}_\-'.]+$/u, "may contain only letters, digits and _ - ' .")
      .refine((s) => !s.startsWith('.') && !s.endsWith('.'), { message: 'must not start or end with a period' })
      .refine((s) => !RESERVED_KEYS.has(userNameKey(s)), { message: 'is reserved for the system administrator' })
  );

/** A built-in role (canonical spelling) or a custom role name. */
const role = line(64)
  .min(1, 'must not be empty')
  .transform((s) => BUILTIN_ROLES.find((r) => r.toLowerCase() === s.toLowerCase()) ?? s);

/**
 * Voicemail PIN: 6-10 digits; MUST NOT contain 3 equal digits in a row (`111`) nor 3 consecutive
 * ascending or descending digits (`012`, `789`, `987`).
 */
export const voicemailPin = digits(6, 10).refine((pin) => !hasRunOfThree(pin), {
  message: 'must not contain 3 repeating (111) or sequential (012, 987) digits',
});

const phoneNumber = z.string().max(32, 'must be at most 32 characters').regex(/^[0-9+\-() .#*]*$/, 'must be a phone number');
/** Free-form (PortSIP passes these through), nested at most FREE_JSON_MAX_DEPTH levels. */
const jsonObject = freeJsonObject;

/** A key to monitor: `key` is the number/extension watched; first/last name make its label. */
export const BlfSchema = z.strictObject({
  key: line(64).min(1, 'must not be empty'),
  value: line(128).optional(),
  first_name: line(64).optional(),
  last_name: line(64).optional(),
});

const OutboundCallerIdSchema = z.strictObject({
  provider_id: line(64).optional(),
  caller_id: line(64),
  preferred: z.boolean().optional(),
  description: line(256).optional(),
});

const CustomForwardRuleSchema = z.strictObject({
  action: line(64).optional(),
  number: line(64).optional(),
  caller_id: line(64).optional(),
  type: line(64).optional(),
  hours: jsonObject.optional(),
});

const FORWARD_RULES = [
  'available_office_hours_forward_rule', 'available_non_office_hours_forward_rule', 'available_no_answer_forward_rule',
  'busy_office_hours_forward_rule', 'busy_non_office_hours_forward_rule', 'busy_no_answer_forward_rule',
  'dnd_office_hours_forward_rule', 'dnd_non_office_hours_forward_rule', 'away_office_hours_forward_rule',
  'away_non_office_hours_forward_rule', 'lunch_office_hours_forward_rule', 'lunch_non_office_hours_forward_rule',
  'trip_office_hours_forward_rule', 'trip_non_office_hours_forward_rule', 'offline_office_hours_forward_rule',
  'offline_non_office_hours_forward_rule',
] as const;

/** Fields a client may send; defaults are PortSIP's (see README "Users"). */
const userFields = {
  name: userName,
  password: secret.optional(),
  email: z.email('must be an e-mail address').max(128, 'must be at most 128 characters').optional(),
  display_name: line(1024).optional(),
  enabled: z.boolean().default(true),
  role: role.default('StandardUser'),
  mobile_phone: phoneNumber.optional(),
  work_phone: phoneNumber.optional(),
  home_phone: phoneNumber.optional(),
  address: line(128).optional(),
  department: line(128).optional(),
  extension_number: digits(3, 64),
  extension_password: secret,
  enable_audio_recording: z.boolean().default(false),
  enable_video_recording: z.boolean().default(false),
  enable_dnd: z.boolean().default(false),
  enable_acb: z.boolean().default(false),
  enable_hot_desking: z.boolean().default(false),
  anonymous_outbound_calls: z.boolean().default(false),
  delivery_outbound_cid: z.boolean().default(true),
  sms: z.enum(SMS_MODES).default('DISABLE'),
  outbound_caller_ids: z.array(OutboundCallerIdSchema).max(100).default([]),
  custom_options: jsonText.optional(),
  office_hours: jsonObject.optional(),
  ...Object.fromEntries(FORWARD_RULES.map((k) => [k, jsonObject.optional()])) as Record<
    (typeof FORWARD_RULES)[number],
    z.ZodOptional<typeof jsonObject>
  >,
  custom_forward_rules: z.array(CustomForwardRuleSchema).max(100).default([]),
  voicemail_prompt: bcp47Field.optional(),
  enable_voicemail_pin: z.boolean().default(true),
  voicemail_pin: voicemailPin.optional(),
  enable_voicemail_notify: z.boolean().default(false),
  voicemail_play_datetime: z.enum(VOICEMAIL_PLAY_DATETIME).default('DISABLE'),
  interface: z.enum(INTERFACES).default('WEB_DOMAIN'),
  preferred_transport: z.enum(TRANSPORTS).default('UDP'),
  blfs: z.array(BlfSchema).max(256).default([]),
};

/** Every client-settable field, in schema order. */
export const USER_FIELDS = Object.keys(userFields) as (keyof typeof userFields)[];

/** Fields the server owns; a client may echo them back (GET-then-POST) and they are ignored. */
export const USER_READ_ONLY = ['id', 'created_at', 'updated_at', 'provision_token', 'profile', 'sync_type'] as const;

/** Body of `POST /api/users`. */
export const UserCreateSchema = z.strictObject(userFields);
export type UserCreate = z.output<typeof UserCreateSchema>;

/**
 * Body of `POST|PATCH /api/users/{id}`: any subset of the create fields, without defaults
 * (an absent field keeps its stored value). `extension_password` has its own endpoint too.
 */
export const UserUpdateSchema = z.strictObject(updateShape(userFields));
export type UserUpdate = z.output<typeof UserUpdateSchema>;

/** What the store keeps. `provision_token` names the user's secure provisioning folder. */
export interface User extends UserCreate {
  readonly id: string;
  readonly provision_token: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** Fields never returned by GET, never logged. */
export const USER_SECRETS = ['password', 'extension_password', 'voicemail_pin'] as const;

/** The user as the API shows it: every stored field except the secrets. */
export function toUserView(user: User): Omit<User, (typeof USER_SECRETS)[number]> {
  const { password: _p, extension_password: _e, voicemail_pin: _v, ...view } = user;
  return view;
}

// --- internal ---

function hasRunOfThree(pin: string): boolean {
  for (let i = 0; i + 2 < pin.length; i++) {
    const a = pin.charCodeAt(i), b = pin.charCodeAt(i + 1), c = pin.charCodeAt(i + 2);
    if ((a === b && b === c) || (b - a === 1 && c - b === 1) || (a - b === 1 && b - c === 1)) return true;
  }
  return false;
}
