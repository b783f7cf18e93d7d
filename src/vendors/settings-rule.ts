/**
 * @module The `settings` entry of a vendor descriptor: the syntax of the vendor-native settings
 * an admin may add to a phone, a model or the vendor as a whole (src/settings/). The templates
 * write each setting as `key` and `value` in the file's own syntax, so these rules are what keeps
 * a setting from injecting another key or breaking the file: the key pattern must only accept
 * names the format takes literally (e.g. XML names for element or attribute names), and values
 * never contain a control character (no CR/LF); XML files escape values (src/render/renderer.ts).
 */
import { z } from 'zod';

/** A pattern anchored at both ends (`^...$`) that compiles. */
const anchored = z
  .string()
  .min(3)
  .max(300)
  .refine((p) => p.startsWith('^') && p.endsWith('$'), { message: 'must be anchored with ^ and $' })
  .refine((p) => compiles(p), { message: 'must be a valid regular expression' });

export const VendorSettingsRuleSchema = z.strictObject({
  /** Pattern every key must match (case-sensitive), e.g. `^[A-Za-z0-9._]{1,128}$`. */
  key: anchored,
  /** Pattern every value must match besides the single-line rule (default: any single line). */
  value: anchored.optional(),
  /** Most settings in one map (phone, model or vendor-wide). */
  max_keys: z.number().int().min(1).max(500).default(100),
  /** Longest value, in characters. */
  max_value_length: z.number().int().min(1).max(4096).default(512),
  /**
   * Keys the server manages and an admin may not override (case-insensitive patterns): the
   * provisioning URL and credentials, account and admin passwords. A key matching one is refused.
   */
  deny: z.array(anchored).default([]),
  /** Where the syntax was learnt (vendor manual, public templates): the reason the entry may exist. */
  source: z.string().min(1).max(400),
});
export type VendorSettingsRule = z.output<typeof VendorSettingsRuleSchema>;

/** True when `pattern` is a valid regular expression (descriptor fields that hold one). */
export function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
