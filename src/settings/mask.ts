/**
 * @module Settings are not secrets, but an admin may put a password in one (an LDAP directory's,
 * a Wi-Fi key). GET answers mask the value of every key that looks like one; a write that sends
 * the mask back for a key that holds a value keeps the stored value, so a GET -> PUT/PATCH round
 * trip never loses it.
 */
import type { SettingsChange, SettingsMap } from '../domain/settings.js';
import { validationError } from '../errors.js';

/** What a hidden setting value reads as in an answer (the mask of every hidden secret). */
export const SETTING_MASK = '********';

/** Why the mask is refused as a value: the client echoed a GET answer for a key that holds nothing. */
export const MASK_WITHOUT_VALUE = 'is the mask of a hidden value, but no value is stored: send the value itself';

/** Keys whose values are masked in answers (any vendor: the words vendors use for secrets). */
const SECRET_KEY = /pass|secret|pwd|token|credential|private/i;

/** Whether `key`'s value is hidden in answers. */
export function isSecretSetting(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** `map` as answers show it: secret-looking values replaced by SETTING_MASK. */
export function maskSettings(map: Readonly<SettingsMap> | undefined): SettingsMap {
  // fromEntries, not assignments: a key such as `__proto__` stays an own key.
  return Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, isSecretSetting(key) ? SETTING_MASK : value]));
}

/**
 * Applies `change` to `stored`: `replace` (a PUT) starts from an empty map, otherwise (a PATCH)
 * keys not sent are kept; `null` removes a key. A value equal to SETTING_MASK keeps the stored
 * value of a secret-looking key (the client echoed a GET answer).
 * @throws PROV_ERR_VALIDATION naming `<field>.<key>` when the mask is sent for a key with no stored value.
 */
export function applySettingsChange(
  stored: Readonly<SettingsMap> | undefined,
  change: SettingsChange,
  options: { readonly replace: boolean; readonly field: string }
): SettingsMap {
  // A Map, not object spreads: a key such as `__proto__` stays a plain key (and is then refused by the vendor's pattern).
  const before = new Map(Object.entries(stored ?? {}));
  const out = new Map(options.replace ? [] : before);
  for (const [key, value] of Object.entries(change)) {
    if (value === null) {
      out.delete(key);
    } else if (value === SETTING_MASK && isSecretSetting(key)) {
      const kept = before.get(key);
      if (kept === undefined) {
        throw validationError([{ field: `${options.field}.${key}`, message: MASK_WITHOUT_VALUE }]);
      }
      out.set(key, kept);
    } else {
      out.set(key, value);
    }
  }
  return Object.fromEntries(out);
}
