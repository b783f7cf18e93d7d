/**
 * @module The secret-free first stage of a per-phone file (two-stage bootstrap): the vendor
 * file's `bootstrap` template rendered for the same phone, answered by the pipeline to a phone
 * that presented no credentials yet, in place of a refusal (src/access/pipeline.ts).
 *
 * Two guards keep secrets out: the template is written without them (README "Two-stage
 * bootstrap"), and it is rendered from records whose secret fields are emptied
 * (USER_SECRETS, PHONE_SECRETS), so a template naming one renders nothing for it.
 */
import type { Mac } from '../domain/mac.js';
import { PHONE_SECRETS, type Phone } from '../domain/phone.js';
import { USER_SECRETS, type User } from '../domain/user.js';
import type { Store } from '../store/types.js';
import { bootstrapFileOf, type VendorFile } from '../vendors/descriptor.js';
import type { Vendor, VendorRegistry } from '../vendors/registry.js';
import type { ResponseCache } from './response-cache.js';
import type { FetchRequest, RenderedFile } from './types.js';

export interface FirstStageDeps {
  readonly registry: VendorRegistry;
  readonly store: Pick<Store, 'getPhoneByMac' | 'getUser'>;
  /** The service's response cache: first stages are kept under keys of their own, dropped with the phone. */
  readonly cache: ResponseCache;
  readonly cacheKey: (request: FetchRequest) => string;
  readonly render: (vendor: Vendor, file: VendorFile, phone: Phone, user: User) => Promise<RenderedFile>;
}

/** ProvisioningService.bootstrap. */
export function createFirstStage(deps: FirstStageDeps): (request: FetchRequest, file: RenderedFile) => Promise<RenderedFile | undefined> {
  const { registry, store, cache } = deps;
  return async (request, file) => {
    if (!file.mac) return undefined; // common files have no first stage (they carry no secrets)
    const key = `\0bootstrap\0${deps.cacheKey(request)}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const generation = cache.generation();
    const match = registry.matchFile(request.filename).find((m) => m.mac === file.mac && m.vendor.id === file.vendor);
    const first = match && bootstrapFileOf(match.file);
    if (!match?.mac || !first) return undefined;
    const phone = await store.getPhoneByMac(match.mac as Mac);
    const owner = phone && (await store.getUser(phone.user_id));
    if (!phone || !owner) return undefined;
    // The first stage points the phone at the authenticated second stage: HTTPS when it listens.
    const rendered = await deps.render(match.vendor, first, { ...withoutSecrets(phone, PHONE_SECRETS), https: true }, withoutSecrets(owner, USER_SECRETS));
    cache.set(key, rendered, { userId: owner.id, mac: phone.mac }, generation);
    return rendered;
  };
}

// --- internal ---

/** A copy of `record` whose secret fields are empty strings. */
function withoutSecrets<T extends object>(record: T, fields: readonly string[]): T {
  const copy = { ...record } as Record<string, unknown>;
  for (const field of fields) if (copy[field] !== undefined) copy[field] = '';
  return copy as T;
}
