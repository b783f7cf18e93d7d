/**
 * @module The shapes of admin settings: vendor-native key => value maps on a phone, a model or a
 * vendor (README "Settings"). Only the shape is checked here; the vendor's syntax (key pattern,
 * deny-list, limits) is checked by src/settings/rules.ts once the vendor is known.
 */
import { z } from 'zod';

/** No map holds more keys than this, whatever a vendor allows (a vendor's `max_keys` is at most 500). */
export const SETTINGS_HARD_MAX_KEYS = 500;

/**
 * A value as sent: a string, a finite number or a boolean; stored as a string. Control
 * characters and line breaks are refused by the vendor check (src/settings/rules.ts), which
 * runs on every map, so one 400 names every bad key.
 */
const value = z.union([z.string().max(4096, 'must be at most 4096 characters'), z.number().finite(), z.boolean()]).transform((v) => String(v));

const mapOf = <V extends z.ZodType>(v: V) =>
  z
    .record(z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'), v)
    .refine((m) => Object.keys(m).length <= SETTINGS_HARD_MAX_KEYS, { message: `must have at most ${SETTINGS_HARD_MAX_KEYS} keys` });

/** A stored settings map (every value a string). */
export const SettingsMapSchema = mapOf(value);
export type SettingsMap = Record<string, string>;

/**
 * A settings change (`PATCH` of a phone): each key sent is set, a key sent as `null` is removed,
 * keys not sent keep their value.
 */
export const SettingsChangeSchema = mapOf(value.nullable());
export type SettingsChange = Record<string, string | null>;

/** What the network record keeps per vendor: vendor-wide settings and per-model settings. */
export const VendorSettingsSchema = z.strictObject({
  global: SettingsMapSchema.optional(),
  models: z.record(z.string(), SettingsMapSchema).optional(),
});
export type VendorSettings = z.output<typeof VendorSettingsSchema>;

/** Every vendor's settings, by vendor id (kept inside the network settings record). */
export const AllVendorSettingsSchema = z.record(z.string(), VendorSettingsSchema);
export type AllVendorSettings = z.output<typeof AllVendorSettingsSchema>;
