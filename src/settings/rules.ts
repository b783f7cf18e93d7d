/**
 * @module A settings map checked against its vendor's syntax (vendor.json `settings`). Generic:
 * every rule comes from the descriptor; nothing here knows a vendor. The API refuses what fails
 * (400 naming `settings.<key>`); the renderer drops what fails (a descriptor may have tightened
 * after a setting was stored), so no stored value can ever reach a file unchecked.
 */
import type { FieldError } from '../errors.js';
import type { VendorDescriptor, VendorModel } from '../vendors/descriptor.js';
import type { VendorSettingsRule } from '../vendors/settings-rule.js';

// C0 controls, DEL and the Unicode line separators: any of them could end a line of a text file.
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/**
 * Why the setting `key = value` is refused under `rule`, or undefined when it is accepted.
 * @example settingProblem(yealinkRule, 'account.1.password', 'x') // 'is managed by the server ...'
 */
export function settingProblem(rule: VendorSettingsRule, key: string, value: string): string | undefined {
  if (!regex(rule.key, '').test(key)) return `is not a key of this vendor's syntax (${rule.key})`;
  if (rule.deny.some((p) => regex(p, 'i').test(key))) return 'is managed by the server and cannot be overridden';
  if (CONTROL.test(value)) return 'must not contain control characters or line breaks';
  if (value.length > rule.max_value_length) return `must be at most ${rule.max_value_length} characters`;
  if (rule.value !== undefined && !regex(rule.value, '').test(value)) return `must match ${rule.value}`;
  return undefined;
}

/**
 * The field errors of a settings map for `vendor` (and `model`, when the map is a phone's or a
 * model's), each named `<field>.<key>`; empty when the map is accepted.
 */
export function settingsErrors(
  vendor: VendorDescriptor,
  model: { readonly name: string; readonly caps: VendorModel } | undefined,
  map: Readonly<Record<string, string>>,
  field = 'settings'
): FieldError[] {
  const keys = Object.keys(map);
  if (keys.length === 0) return [];
  const rule = vendor.settings;
  if (rule === undefined) return [{ field, message: `${vendor.name} phones take no settings (vendor.json has no settings syntax)` }];
  if (model?.caps.settings === false) return [{ field, message: `the ${model.caps.display_name} takes no settings (its files have no settings syntax)` }];
  if (keys.length > rule.max_keys) return [{ field, message: `must have at most ${rule.max_keys} keys for ${vendor.name}` }];
  return keys.flatMap((key) => {
    const message = settingProblem(rule, key, map[key]!);
    return message === undefined ? [] : [{ field: `${field}.${key}`, message }];
  });
}

// --- internal ---

const compiled = new Map<string, RegExp>();

/** Descriptor patterns are few and fixed: each is compiled once. */
function regex(pattern: string, flags: '' | 'i'): RegExp {
  const id = `${flags}/${pattern}`;
  let re = compiled.get(id);
  if (re === undefined) compiled.set(id, (re = new RegExp(pattern, flags)));
  return re;
}
