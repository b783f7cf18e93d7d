/**
 * @module Vendor/model checks and the documented defaults for PortSIP-required phone fields a
 * client omitted. Pure: no store, no I/O.
 *
 * Defaults (README "Phones"): `filename` = `<vendor>/<model>`; `password` = 12 random
 * alphanumeric characters; `language` ENGLISH and `transfer` BLIND (schema defaults);
 * `timezone` = the server's default time zone; `codecs` = the vendor's default codec order;
 * `interface` and `preferred_transport` = the user's. Server-owned: `device_password` = 20 random
 * alphanumeric characters (the phone's provisioning credential, README "Device authentication").
 */
import { storedLines, type Phone, type PhoneCreate } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import type { Codec } from '../domain/values.js';
import { ProvError, validationError } from '../errors.js';
import type { VendorModel } from '../vendors/descriptor.js';
import type { Vendor, VendorRegistry } from '../vendors/registry.js';
import { newPassword } from './random.js';
import { newWebPassword, webPasswordRule } from './web-password.js';

/** A phone's vendor, model and template resolved against the registry, in the registry's spelling. */
export interface ResolvedModel {
  readonly vendor: Vendor;
  readonly model: string;
  /** The registry filename to store, or undefined when the client gave none. */
  readonly filename: string | undefined;
}

/**
 * Checks vendor, model (case-insensitive) and, when given, filename (a registry filename of the
 * SAME vendor; it may name another model of that vendor).
 * @throws ProvError PROV_ERR_VENDOR_UNKNOWN (field vendor), PROV_ERR_MODEL_UNKNOWN (field model),
 *   PROV_ERR_VALIDATION (field filename)
 */
export function resolveModel(registry: VendorRegistry, vendorId: string, model: string, filename: string | undefined): ResolvedModel {
  const vendor = registry.get(vendorId);
  if (!vendor) {
    throw new ProvError('PROV_ERR_VENDOR_UNKNOWN', [vendorId], {
      errors: [{ field: 'vendor', message: `unknown vendor; known: ${registry.list().map((v) => v.id).join(', ')}` }],
    });
  }
  const canonical = Object.keys(vendor.descriptor.models).find((m) => m.toLowerCase() === model.toLowerCase());
  if (canonical === undefined) {
    throw new ProvError('PROV_ERR_MODEL_UNKNOWN', [model], {
      errors: [{ field: 'model', message: `not a model of vendor ${vendor.id}` }],
    });
  }
  if (filename === undefined) return { vendor, model: canonical, filename: undefined };
  const entry = registry.byFilename(filename);
  if (!entry || entry.vendor !== vendor.id) {
    throw validationError([{ field: 'filename', message: `must be a template of vendor ${vendor.id}, such as ${vendor.id}/${canonical}` }]);
  }
  return { vendor, model: canonical, filename: entry.filename };
}

/** The resolved model's name and capabilities (what per-model checks need). */
export function modelOf(resolved: ResolvedModel): { name: string; caps: VendorModel } {
  return { name: resolved.model, caps: resolved.vendor.descriptor.models[resolved.model]! };
}

/**
 * A phone's provisioning password: 20 characters [A-Za-z0-9] (about 119 bits), within what every
 * vendor's provisioning-credential setting takes (Snom's is the shortest known: 20).
 */
export function newDevicePassword(): string {
  return newPassword(20);
}

/** The default template of a vendor and model. */
export function defaultFilename(vendor: Vendor, model: string): string {
  return `${vendor.id}/${model}`;
}

/**
 * Builds the stored phone from a parsed create body, filling every omitted PortSIP-required field.
 * `generatedPassword` is set when the web password was generated (the API shows it once).
 */
export function newPhoneRecord(
  parsed: PhoneCreate,
  resolved: ResolvedModel,
  user: User,
  ids: { readonly id: string; readonly at: string; readonly defaultTimezone: string }
): { phone: Phone; generatedPassword: string | undefined } {
  const generatedPassword = parsed.password === undefined ? newWebPassword(webPasswordRule(resolved)) : undefined;
  const { lines, ...fields } = parsed;
  const phone: Phone = {
    ...fields,
    ...storedLines(lines),
    id: ids.id,
    user_id: user.id,
    vendor: resolved.vendor.id,
    model: resolved.model,
    filename: resolved.filename ?? defaultFilename(resolved.vendor, resolved.model),
    password: parsed.password ?? generatedPassword!,
    timezone: parsed.timezone ?? ids.defaultTimezone,
    codecs: parsed.codecs ?? (resolved.vendor.descriptor.defaults.codecs as Codec[]),
    interface: parsed.interface ?? user.interface,
    preferred_transport: parsed.preferred_transport ?? user.preferred_transport,
    device_password: newDevicePassword(),
    created_at: ids.at,
    updated_at: ids.at,
  };
  return { phone, generatedPassword };
}

/**
 * The filename after an update. Kept when the client gave one (already resolved) or when the
 * stored one still fits; reset to the new default when the stored one was the old vendor/model's
 * default or belongs to another vendor (the vendor changed).
 */
export function updatedFilename(registry: VendorRegistry, before: Phone, resolved: ResolvedModel): string {
  if (resolved.filename !== undefined) return resolved.filename;
  const stored = registry.byFilename(before.filename);
  const wasDefault = before.filename.toLowerCase() === `${before.vendor}/${before.model}`.toLowerCase();
  if (!stored || stored.vendor !== resolved.vendor.id || wasDefault) return defaultFilename(resolved.vendor, resolved.model);
  return stored.filename;
}
