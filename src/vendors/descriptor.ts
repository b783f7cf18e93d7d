/** @module The vendor descriptor (templates/<vendor>/vendor.json): its schema is the contract. */
import { z } from 'zod';
import { parseCodec } from '../domain/values.js';
import { VendorSettingsRuleSchema, compiles } from './settings-rule.js';

/** Model types: a file may be limited to some (`files[].types`), templates may branch on `model.type`. */
export const MODEL_TYPES = ['desk', 'door', 'dect', 'conference'] as const;

/**
 * The door codes (`door_password1`, `door_password2`) a model takes: `count` codes (0-2; 0 = none,
 * a code sent is refused), each of `min`-`max` digits; with `same_length` both codes must have the
 * same length (one length setting on the device, e.g. Akuvox's DTMF mode). A model without this
 * key keeps PortSIP's rule (two codes of 4-8 digits, stored and not written by its templates).
 */
export const DoorCodesSchema = z
  .strictObject({
    count: z.number().int().min(0).max(2),
    min: z.number().int().min(1).max(16).default(4),
    max: z.number().int().min(1).max(16).default(8),
    same_length: z.boolean().default(false),
  })
  .refine((d) => d.min <= d.max, { message: 'min must not exceed max' });
export type DoorCodes = z.output<typeof DoorCodesSchema>;

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a lowercase id such as yealink');

/**
 * A file a phone of this vendor asks for. `pattern` is the file name with placeholders:
 * `{mac}` (12 lowercase hex), `{MAC}` (12 uppercase hex), or `{model.<attr>}` (an attribute of a
 * model, which makes the file a per-model common file). A pattern with no `{mac}`/`{MAC}` is a
 * common file: it is served to any phone holding a valid provisioning folder and MUST NOT carry
 * secrets. Names are matched case-insensitively.
 */
export const VendorFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be a lowercase file id such as device'),
  pattern: z.string().min(1).max(128).regex(/^[A-Za-z0-9._{}-]+(?:\{[A-Za-z.]+\})?[A-Za-z0-9._{}-]*$/, 'has characters not allowed in a file name'),
  /** Template file name in the vendor folder (looked up in models/<MODEL>/ first). */
  template: z.string().regex(/^[A-Za-z0-9_-]+\.hbs$/, 'must be a .hbs file name'),
  /** `xml` output is escaped and checked well-formed; `text` is emitted as is. */
  format: z.enum(['text', 'xml']),
  contentType: z.string().min(1).default('text/plain; charset=utf-8'),
  /** Only for these models (default: every model). */
  models: z.array(z.string()).optional(),
  /**
   * Only for models of these types (e.g. `["door"]` selects a door-station template beside the
   * desk one under the same file name). The loader turns it into `models`, intersected with
   * `models` when both are given.
   */
  types: z.array(z.enum(MODEL_TYPES)).min(1).optional(),
  /**
   * Per-phone files only: the template of this file's secret-free first stage (two-stage
   * bootstrap, README "Two-stage bootstrap"; src/client-certs/bootstrap.ts). It is answered
   * instead of a refusal to a phone that presented no credentials yet, and MUST NOT use any
   * secret of the context (`account.password`, the web/admin passwords, door codes): it sets what
   * the authenticated second stage needs (the HTTPS provisioning URL, certificate checks).
   */
  bootstrap: z.string().regex(/^[A-Za-z0-9_-]+\.hbs$/, 'must be a .hbs file name').optional(),
  /**
   * `directory`: the vendor's remote phonebook (src/phonebook/), a file without `{mac}` rendered
   * from the users (`directory` in the context; no phone, no user). It is served only under a
   * provisioning folder, or over TFTP to a trusted source, and is not one of a phone's boot files
   * (VendorRegistry.filesFor): the device templates point the phone at it.
   */
  scope: z.enum(['directory']).optional(),
});
export type VendorFile = z.output<typeof VendorFileSchema>;

/**
 * How a door station reads a door code from a QR code shown to its camera, as the vendor
 * documents it. Only a documented form belongs here: without `door_qr` a model answers
 * PROV_ERR_DOOR_QR_UNDOCUMENTED. A model's `door_qr` wins over the vendor's.
 */
export const DoorQrSchema = z.strictObject({
  /** The QR text, `{code}` standing for the door code (e.g. `{code}`, or `OPEN:{code}#`). */
  format: z.string().min(1).max(256).refine((f) => f.includes('{code}'), { message: 'must contain {code}' }),
  /** Which stored code the QR carries. */
  code: z.enum(['door_password1', 'door_password2']).default('door_password1'),
  /** The vendor document that gives this form (URL): the reason the entry may exist. */
  source: z.url(),
});
export type DoorQr = z.output<typeof DoorQrSchema>;

/**
 * The phone web (admin) password a model takes, when it takes less than the default 12 characters
 * of [A-Za-z0-9] (e.g. Mitel: digits only; a password with letters is ignored by the phone, which
 * keeps its factory one). The API refuses a `password` outside the rule and generates one inside
 * it; `source` is the vendor document that states the limit.
 */
export const WebPasswordSchema = z
  .strictObject({
    /** Every character a password may use (and a generated one is drawn from). */
    alphabet: z.string().min(2).max(128).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    min_length: z.number().int().min(1).max(64).default(1),
    max_length: z.number().int().min(1).max(64),
    /** Length of a generated password (default max_length). */
    generate_length: z.number().int().min(1).max(64).optional(),
    source: z.string().min(1).max(400),
  })
  .refine((r) => r.min_length <= r.max_length, { message: 'min_length must not exceed max_length' })
  .refine((r) => r.generate_length === undefined || (r.generate_length >= r.min_length && r.generate_length <= r.max_length), {
    message: 'generate_length must be within min_length and max_length',
  });
export type WebPassword = z.output<typeof WebPasswordSchema>;

/** An `Event` header value: an event package token with optional parameters, no spaces or line breaks. */
const sipEvent = z
  .string()
  .max(128)
  .regex(/^[A-Za-z0-9!%*_+`'~.-]+(;[A-Za-z0-9!%*_+`'~.=-]+)*$/, 'must be a SIP event such as check-sync;reboot=false');

/**
 * How a phone is told to re-read its configuration (src/resync/): a SIP NOTIFY to its last seen
 * address whose `Event` header is `event`, or `reboot_event` when an admin asks for a reboot. A
 * vendor (or model) without `reboot_event` cannot be rebooted this way (the API answers 400);
 * one without `resync` at all cannot be resynced. A model's `resync` wins over the vendor's.
 */
export const VendorResyncSchema = z.strictObject({
  event: sipEvent,
  reboot_event: sipEvent.optional(),
});
export type VendorResync = z.output<typeof VendorResyncSchema>;

/**
 * A model and its capabilities. A key that is absent means "unknown". `lines` is the number of
 * SIP accounts, `keys` the number of programmable (line/BLF/DSS) keys on the phone itself.
 * Any other attribute (e.g. Yealink's `code` for y0000000000XX.cfg) is available to templates
 * as `model.<attr>` and to file patterns as `{model.<attr>}`.
 */
export const VendorModelSchema = z
  .object({
    display_name: z.string().min(1),
    lines: z.number().int().min(1).max(64),
    keys: z.number().int().min(0).max(256).default(0),
    type: z.enum(MODEL_TYPES).default('desk'),
    door_codes: DoorCodesSchema.optional(),
    door_qr: DoorQrSchema.optional(),
    resync: VendorResyncSchema.optional(),
    web_password: WebPasswordSchema.optional(),
    /** `false`: this model's files have no settings syntax (its phones take no `settings`). */
    settings: z.literal(false).optional(),
    /**
     * How many of the model's `lines` its templates write, when fewer (a door-station template
     * with one account, a P-value file whose accounts past 6 are not mapped): the API refuses a
     * further line past it, so no line is ever accepted and silently left out of the file.
     */
    template_lines: z.number().int().min(1).max(64).optional(),
  })
  .catchall(z.union([z.string(), z.number(), z.boolean()]));
export type VendorModel = z.output<typeof VendorModelSchema>;

/** A value map: canonical value (as stored) => vendor value. `*` is the fallback for unmapped values. */
const ValueMapSchema = z.record(z.string(), z.union([z.string(), z.number()]));

/**
 * The vendor's redirect services (RPS; the clients are in src/redirect/), exactly one of:
 * - `services`: ids of the services its phones may be registered with (each a service of this
 *   vendor, checked at start against src/redirect/index.ts); an account's `flavour` is one of them,
 *   the first is the default. `file`: the id of the file (of `files`) whose URL a service of
 *   urlKind `file` holds; required when one of the services wants a file URL.
 * - `unsupported`: why no service can be used, answered to an admin who sets `rps: true`.
 * A vendor without this entry has no known service (like `unsupported`, with a generic reason).
 */
export const VendorRedirectSchema = z
  .strictObject({
    services: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be a service id such as yealink-json')).min(1, 'must list at least one service').optional(),
    file: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be a file id').optional(),
    unsupported: z.string().min(1, 'must say why').max(400, 'must be at most 400 characters').optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.services === undefined) === (r.unsupported === undefined)) ctx.addIssue({ code: 'custom', message: 'must have either services or unsupported' });
    if (r.unsupported !== undefined && r.file !== undefined) ctx.addIssue({ code: 'custom', path: ['file'], message: 'is only for services' });
    if (r.services && new Set(r.services).size !== r.services.length) ctx.addIssue({ code: 'custom', path: ['services'], message: 'must not list a service twice' });
  });
export type VendorRedirect = z.output<typeof VendorRedirectSchema>;

/** Where a device certificate may carry the MAC (src/client-certs/mac-rule.ts reads each). */
export const CERT_MAC_SOURCES = [
  'subject.CN', 'subject.OU', 'subject.O', 'subject.L', 'subject.ST', 'subject.serialNumber', 'san.dns', 'san.uri', 'san.email',
] as const;

/**
 * How the vendor's factory device certificate names the phone's MAC: the value at `mac_from`
 * (a subject attribute or a subjectAltName kind) matched by `pattern`, whose named group `mac`
 * goes through parseMac (so `00:15:65:AA:BB:CC`, `0015.65aa.bbcc` and `001565aabbcc` all work).
 * Without this entry the vendor's phones are not subject to client certificates. `source` says
 * where the layout was read (a vendor document or a captured certificate): the reason the entry
 * may exist.
 */
export const ClientCertRuleSchema = z.strictObject({
  mac_from: z.enum(CERT_MAC_SOURCES),
  pattern: z
    .string()
    .min(1)
    .max(200)
    .default('^(?<mac>.+)$')
    .refine((p) => p.includes('(?<mac>'), { message: 'must have a named group (?<mac>...)' })
    .refine((p) => compiles(p), { message: 'must be a valid regular expression' }),
  source: z.string().min(1).max(400),
});
export type ClientCertRule = z.output<typeof ClientCertRuleSchema>;

export const VendorDescriptorSchema = z.strictObject({
  $schema: z.string().optional(),
  id,
  name: z.string().min(1),
  /** OUIs (first 6 hex digits of the MAC, lowercase) this vendor ships phones with. */
  ouis: z.array(z.string().regex(/^[0-9a-f]{6}$/, 'must be 6 lowercase hex digits')).default([]),
  /** Regular expression (case-insensitive) a User-Agent of this vendor's phones matches. */
  userAgent: z.string().min(1).optional(),
  files: z.array(VendorFileSchema).min(1),
  models: z.record(z.string().regex(/^[A-Za-z0-9._+-]{1,32}$/), VendorModelSchema),
  defaults: z
    .strictObject({
      /** Codec priority used when a phone lists none (canonical names). */
      codecs: z.array(z.string().refine((c) => parseCodec(c) === c, { message: 'must be a canonical codec name' })).min(1),
    }),
  /**
   * Value maps applied by the context builder: `maps.<field>` translates the phone field (or
   * each element of an array field such as codecs) into `v.<field>`. Special sources:
   * `timezone` (IANA name) and `preferred_transport` (the transport actually used).
   */
  maps: z.record(z.string(), ValueMapSchema).default({}),
  /** QR door opening shared by the vendor's door models (a model's own `door_qr` wins). */
  door_qr: DoorQrSchema.optional(),
  /** Names of maps whose unmapped values fail the render instead of being dropped. */
  requiredMaps: z.array(z.string()).default([]),
  redirect: VendorRedirectSchema.optional(),
  /** The MAC in the vendor's device certificates (client certificates on HTTPS). */
  client_cert: ClientCertRuleSchema.optional(),
  resync: VendorResyncSchema.optional(),
  /** The web password rule of the vendor's models (a model's own `web_password` wins). */
  web_password: WebPasswordSchema.optional(),
  /**
   * True when the per-phone templates write `device_auth.username/password` into the vendor's own
   * provisioning-credential settings, so a phone learns the credentials it is later asked for
   * (README "Device authentication"). False: `digest` mode serves it without credentials.
   */
  provisioningCredentials: z.boolean().default(false),
  /**
   * The syntax of admin settings (src/settings/, README "Settings"); without it the vendor's
   * phones, models and the vendor itself take no settings.
   */
  settings: VendorSettingsRuleSchema.optional(),
});
export type VendorDescriptor = z.output<typeof VendorDescriptorSchema>;

/** The first-stage form of a per-phone file with a `bootstrap` template (rendered like a file of its own). */
export function bootstrapFileOf(file: VendorFile): VendorFile | undefined {
  return file.bootstrap === undefined ? undefined : { ...file, id: `${file.id}@bootstrap`, template: file.bootstrap, bootstrap: undefined };
}
