/** @module A phone's `settings` checked against its vendor and model before a write. */
import type { SettingsMap } from '../domain/settings.js';
import { validationError } from '../errors.js';
import type { Vendor } from '../vendors/registry.js';
import { isSecretSetting, MASK_WITHOUT_VALUE, SETTING_MASK } from './mask.js';
import { settingsErrors } from './rules.js';

/**
 * Checks a phone's whole settings map (also on an update that changes something else: a vendor
 * or model change must suit the stored settings too; send `settings: null` to drop them).
 * @throws PROV_ERR_VALIDATION naming each bad `settings.<key>`
 */
export function checkPhoneSettings(resolved: { readonly vendor: Vendor; readonly model: string }, settings: SettingsMap | undefined): void {
  if (settings === undefined) return;
  const descriptor = resolved.vendor.descriptor;
  const errors = settingsErrors(descriptor, { name: resolved.model, caps: descriptor.models[resolved.model]! }, settings);
  // The mask sent back for a key that holds no value (a new phone, a new key) would be stored as the value.
  for (const [key, value] of Object.entries(settings)) {
    if (value === SETTING_MASK && isSecretSetting(key)) errors.push({ field: `settings.${key}`, message: MASK_WITHOUT_VALUE });
  }
  if (errors.length > 0) throw validationError(errors);
}
