/**
 * @module Vendor-wide and per-model settings (`GET|PUT /api/vendors/{vendor}/settings`,
 * `GET|PUT /api/vendors/{vendor}/models/{model}/settings`). They live in the network settings
 * record (`vendor_settings`), so a PUT is one atomic updateNetwork whose store event invalidates
 * every cached render on every node.
 */
import { parseWith } from '../domain/fields.js';
import type { Network } from '../domain/network.js';
import { SettingsChangeSchema, type SettingsMap } from '../domain/settings.js';
import { ProvError, validationError } from '../errors.js';
import type { Store } from '../store/types.js';
import type { VendorRegistry } from '../vendors/registry.js';
import { applySettingsChange, maskSettings } from './mask.js';
import { settingsErrors } from './rules.js';
import { z } from 'zod';

/** Body of a settings PUT: the whole map (keys not sent are removed; `null` values are ignored removals). */
export const SettingsPutSchema = z.strictObject({ settings: SettingsChangeSchema });

/** A settings answer: secret-looking values masked. */
export interface SettingsView {
  readonly vendor: string;
  /** Absent for the vendor-wide settings. */
  readonly model?: string;
  readonly settings: SettingsMap;
}

/** Where a settings map applies: a vendor as a whole, or one of its models. */
export interface SettingsScope {
  readonly vendor: string;
  readonly model?: string;
}

export interface SettingsService {
  /** @throws PROV_ERR_NOT_FOUND for an unknown vendor or model */
  get(scope: SettingsScope): Promise<SettingsView>;
  /**
   * Replaces the map (a key sent as the mask of a hidden value keeps its value); validated
   * against the vendor's syntax before anything is written.
   * @throws PROV_ERR_NOT_FOUND, PROV_ERR_VALIDATION naming `settings.<key>`
   */
  put(scope: SettingsScope, body: Record<string, unknown>): Promise<SettingsView>;
}

/** Builds the settings service over the store and the vendor registry. */
export function createSettingsService(deps: { readonly store: Pick<Store, 'getNetwork' | 'updateNetwork'>; readonly registry: VendorRegistry }): SettingsService {
  const { store, registry } = deps;
  /** The vendor id and canonical model name of a path, or 404. */
  const resolve = (scope: SettingsScope): { vendor: string; model?: string } => {
    const vendor = registry.get(scope.vendor.toLowerCase());
    if (!vendor) throw new ProvError('PROV_ERR_NOT_FOUND', [`vendor ${scope.vendor}`]);
    if (scope.model === undefined) return { vendor: vendor.id };
    const model = Object.keys(vendor.descriptor.models).find((m) => m.toLowerCase() === scope.model!.toLowerCase());
    if (model === undefined) throw new ProvError('PROV_ERR_NOT_FOUND', [`model ${scope.model} of vendor ${vendor.id}`]);
    return { vendor: vendor.id, model };
  };
  const view = (where: { vendor: string; model?: string }, network: Network): SettingsView => ({
    ...where,
    settings: maskSettings(mapOf(network, where)),
  });
  return {
    async get(scope) {
      const where = resolve(scope);
      return view(where, await store.getNetwork());
    },
    async put(scope, body) {
      const where = resolve(scope);
      const { settings: change } = parseWith(SettingsPutSchema, body);
      const vendor = registry.get(where.vendor)!.descriptor;
      const model = where.model === undefined ? undefined : { name: where.model, caps: vendor.models[where.model]! };
      // Atomic: applied to the record stored at the moment of the write.
      const written = await store.updateNetwork((current) => {
        const next = applySettingsChange(mapOf(current, where), change, { replace: true, field: 'settings' });
        const errors = settingsErrors(vendor, model, next);
        if (errors.length > 0) throw validationError(errors);
        return withMap(current, where, next);
      });
      return view(where, written);
    },
  };
}

// --- internal ---

function mapOf(network: Network, where: { vendor: string; model?: string }): SettingsMap | undefined {
  const stored = network.vendor_settings?.[where.vendor];
  return where.model === undefined ? stored?.global : stored?.models?.[where.model];
}

/** `network` with the map of `where` replaced (an empty map is removed, and so is an empty vendor entry). */
function withMap(network: Network, where: { vendor: string; model?: string }, map: SettingsMap): Network {
  const all = { ...network.vendor_settings };
  const entry = { ...all[where.vendor] };
  const empty = Object.keys(map).length === 0;
  if (where.model === undefined) {
    if (empty) delete entry.global;
    else entry.global = map;
  } else {
    const models = { ...entry.models };
    if (empty) delete models[where.model];
    else models[where.model] = map;
    if (Object.keys(models).length === 0) delete entry.models;
    else entry.models = models;
  }
  if (Object.keys(entry).length === 0) delete all[where.vendor];
  else all[where.vendor] = entry;
  const { vendor_settings: _old, ...rest } = network;
  return Object.keys(all).length === 0 ? rest : { ...rest, vendor_settings: all };
}
