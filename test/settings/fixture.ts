/** @module The settings fixture (test/fixtures/phones/settings.json) as render inputs for a vendor and model. */
import { readFileSync } from 'node:fs';
import type { FixtureInput } from '../helpers/vendor-render.js';

interface SettingsFixture {
  readonly vendors: Record<string, { a: string; b: string; c: string; d: string }>;
  readonly values: Record<'global' | 'model' | 'phone', Partial<Record<'a' | 'b' | 'c' | 'd', string>>>;
}

export const SETTINGS_FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/phones/settings.json', import.meta.url), 'utf8')) as SettingsFixture;

/** The three maps of `vendorId`, keyed by its vendor-native keys. */
export function settingsMaps(vendorId: string): Record<'global' | 'model' | 'phone', Record<string, string>> {
  const keys = SETTINGS_FIXTURE.vendors[vendorId]!;
  const mapOf = (level: 'global' | 'model' | 'phone') =>
    Object.fromEntries(Object.entries(SETTINGS_FIXTURE.values[level]).map(([k, v]) => [keys[k as 'a']!, v]));
  return { global: mapOf('global'), model: mapOf('model'), phone: mapOf('phone') };
}

/** An `edit` for renderVendorFile: the vendor's global and model settings in the network record, the phone's on the phone. */
export function withSettings(vendorId: string, model: string): (input: FixtureInput) => void {
  const maps = settingsMaps(vendorId);
  return (input) => {
    (input as { network: unknown }).network = { ...input.network, vendor_settings: { [vendorId]: { global: maps.global, models: { [model]: maps.model } } } };
    (input as { phone: unknown }).phone = { ...input.phone, settings: maps.phone };
  };
}
