/**
 * @module The settings a phone's files carry: the vendor's global settings, then its model's,
 * then the phone's own, a later one replacing an earlier one of the same key (global -> model ->
 * phone). Each is checked again against the vendor's syntax here; one that fails is dropped
 * with a warning (it was valid when stored, the descriptor changed since).
 */
import type { Network } from '../domain/network.js';
import type { VendorDescriptor, VendorModel } from '../vendors/descriptor.js';
import { settingProblem } from './rules.js';

/** One setting as templates see it; `parts` is the key split at its dots (`a.b` => `["a", "b"]`). */
export interface RenderedSetting {
  readonly key: string;
  readonly value: string;
  readonly parts: readonly string[];
}

/**
 * The merged settings for a file of `modelName`: global, model and (for a per-phone file) the
 * phone's, in that order of precedence. Empty when the vendor or model has no settings syntax.
 */
export function mergedSettings(
  vendor: VendorDescriptor,
  modelName: string,
  model: VendorModel,
  network: Network,
  phoneSettings: Readonly<Record<string, string>> | undefined,
  warnings: string[]
): RenderedSetting[] {
  const rule = vendor.settings;
  if (rule === undefined || model.settings === false) return [];
  const stored = network.vendor_settings?.[vendor.id];
  const merged = new Map<string, string>();
  for (const map of [stored?.global, stored?.models?.[modelName], phoneSettings]) {
    for (const [key, value] of Object.entries(map ?? {})) merged.set(key, value);
  }
  const out: RenderedSetting[] = [];
  for (const [key, value] of merged) {
    const problem = settingProblem(rule, key, value);
    if (problem === undefined) out.push({ key, value, parts: key.split('.') });
    else warnings.push(`${vendor.id}: setting ${JSON.stringify(key)} ${problem}; dropped`);
  }
  return out;
}
