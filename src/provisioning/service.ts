/**
 * @module The transport-agnostic provisioning service: the identify and serve steps of the phone
 * pipeline (src/access/pipeline.ts). Identify the phone from the folder and file name, check it
 * belongs to that folder, answer cached rendered bytes (or render and cache). The transports
 * reach it through the pipeline; the admin API uses the same rendering.
 */
import { createHash } from 'node:crypto';
import type { DeviceAuthPolicy } from '../device-auth/policy.js';
import type { FirmwareRef } from '../firmware/types.js';
import type { FileAuth } from '../device-auth/types.js';
import type { Phone } from '../domain/phone.js';
import type { Mac } from '../domain/mac.js';
import type { User } from '../domain/user.js';
import { ProvError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Phonebook } from '../phonebook/phonebook.js';
import type { DirectoryEntry } from '../render/directory.js';
import { buildContext, type ServerOptions } from '../render/context.js';
import type { Renderer } from '../render/renderer.js';
import { resolveServer } from '../render/server-address.js';
import type { Store } from '../store/types.js';
import type { VendorFile } from '../vendors/descriptor.js';
import type { Vendor, VendorRegistry } from '../vendors/registry.js';
import { createFirstStage } from './first-stage.js';
import { createNetworkCache } from './network-cache.js';
import { createOwnedMacs } from './owned-macs.js';
import { lineUserIds, lineUsersOf, type LineUser } from './lines.js';
import { isRefused, moreTelling, REFUSED, type RefusalReason } from './refusal.js';
import { createResponseCache } from './response-cache.js';
import { createSightings } from './sightings.js';
import { createUserCache } from './user-cache.js';
import { createWarnOnce } from './warn-once.js';
import type { FetchRequest, ProvisioningService, RenderedFile } from './types.js';

export interface ProvisioningDeps {
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly renderer: Renderer;
  readonly server: ServerOptions;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * True while the store has lost its data (data-epoch watchdog): cached files are still served,
   * a request the cache cannot answer gets PROV_ERR_STORE_UNAVAILABLE (503), not a false 404.
   */
  readonly dataLost?: () => boolean;
  /**
   * Device authentication (src/device-auth/policy.ts): which credentials a per-phone file writes
   * into the phone and what it carries for the authorise step; default: none (mode `none`).
   */
  readonly deviceAuth?: DeviceAuthPolicy;
  /**
   * The remote phonebook (src/phonebook/) directory files (`scope: directory`) are rendered from;
   * without it they are refused like unknown files.
   */
  readonly phonebook?: Phonebook;
  /**
   * Uploaded firmware (src/firmware/catalog.ts): the model's firmware for the render context, and
   * the file a firmware name answers (served like a common file); default: none.
   */
  readonly firmware?: {
    byModel(vendor: string, model: string): FirmwareRef | undefined;
    file(filename: string): RenderedFile | undefined;
  };
  /** Cached responses kept at most (default 100,000). */
  readonly maxCacheEntries?: number;
  readonly now?: () => number;
}

/** Folder tokens and file names a phone may send; anything else is refused before any lookup. */
const FOLDER = /^[A-Za-z0-9_-]{16,128}$/;
const FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The cache owner of every served directory file: any user change drops them all. */
const DIRECTORY_OWNER = { userId: '\0directory', mac: null } as const;

export function createProvisioningService(deps: ProvisioningDeps): ProvisioningService & { close(): void; invalidate(): void } {
  const { store, registry, renderer, logger } = deps;
  const cache = createResponseCache(deps.maxCacheEntries ?? 100_000);
  const common = new Map<string, RenderedFile>();
  const network = createNetworkCache(store);
  const users = createUserCache();
  const owned = createOwnedMacs(store);
  const sightings = createSightings(store, logger, deps.now ?? Date.now);
  const hits = deps.metrics.counter('provd_render_cache_total', 'Phone-path cache lookups by result');
  const renders = deps.metrics.counter('provd_renders_total', 'Files rendered, by vendor and result');
  const warned = createWarnOnce();

  const unsubscribe = store.subscribe((event) => {
    if (event.kind === 'phone') {
      cache.dropMac(event.mac);
      owned.dropPhone(event.mac, event.user_id);
    } else if (event.kind === 'user') {
      cache.dropUser(event.id);
      cache.dropUser(DIRECTORY_OWNER.userId);
      users.drop(event.id);
      owned.dropUser(event.id);
    } else if (event.kind === 'template' || event.kind === 'firmware') {
      // Their owners (src/templates/sync.ts, src/firmware/catalog.ts) re-read what changed first,
      // then call invalidate(): dropping here too would only re-render from the old data.
    } else {
      // network or reset: every rendered file may be stale
      cache.clear();
      users.clear();
      owned.clear();
      common.clear();
      network.invalidate();
      warned.forget();
    }
  });

  const render = async (vendor: Vendor, file: VendorFile, model: string, templateModel: string, phone?: Phone, user?: User, lines: readonly LineUser[] = [], directory?: readonly DirectoryEntry[]) => {
    const modelCaps = vendor.descriptor.models[model];
    if (!modelCaps) throw new ProvError('PROV_ERR_MODEL_UNKNOWN', [`${vendor.id}/${model}`]);
    const policy = phone && user ? deps.deviceAuth : undefined;
    const { context, warnings } = buildContext({
      vendor: vendor.descriptor, modelName: model, model: modelCaps, network: await network.get(), server: deps.server, phone, user, lines,
      deviceCredentials: policy?.written(phone!, vendor.descriptor), directory, firmware: deps.firmware?.byModel(vendor.id, model),
    });
    for (const w of warnings) if (warned.first(w)) logger.warn({ vendor: vendor.id, file: file.id, mac: phone?.mac }, w);
    try {
      const body = renderer.render(vendor, file, templateModel, context);
      renders.inc({ vendor: vendor.id, result: 'ok' });
      return toRendered(body, file, vendor, phone?.mac ?? null, policy?.fileAuth(phone!, user!, vendor.descriptor));
    } catch (err) {
      renders.inc({ vendor: vendor.id, result: 'error' });
      throw err;
    }
  };

  /** A per-phone file with every line's account; `lines` given: those (the first stage gives none). */
  const renderPhoneFile = async (vendor: Vendor, file: VendorFile, phone: Phone, user: User, lines?: readonly LineUser[]) =>
    render(vendor, file, phone.model, registry.byFilename(phone.filename)?.model ?? phone.model, phone, user, lines ?? (await lineUsersOf(store, phone)));

  const renderCommon = async (vendor: Vendor, file: VendorFile, model: string, generation: number) => {
    const key = `${vendor.id}\0${file.id}\0${model}`;
    let rendered = common.get(key);
    if (!rendered) {
      rendered = await render(vendor, file, model, model);
      if (generation === cache.generation()) common.set(key, rendered);
    }
    return rendered;
  };

  /**
   * Resolves a request the cache could not answer, or says why it is refused (the phone gets 404
   * whatever the reason). Per-phone files go only to a trusted source (`req.trustedSource`);
   * with a folder, only the folder's own user's phones are read at all (the MAC set decides
   * first, so every refusal under a folder costs the same). Without a folder (TFTP), common
   * files are served to anyone.
   */
  const resolve = async (req: FetchRequest, generation: number) => {
    const user = req.folder === undefined ? undefined : await users.get(req.folder, store.getUserByToken);
    if (req.folder !== undefined && !user) return REFUSED.unknown_folder;
    // Firmware names are refused at upload when a vendor's pattern matches them: no ambiguity.
    const firmware = deps.firmware?.file(req.filename);
    if (firmware) return { file: firmware, owner: { userId: user?.id ?? '', mac: null } };
    const mine = user && (await owned.of(user.id));
    let refusal = REFUSED.unknown_file;
    const refuse = (reason: RefusalReason) => void (refusal = moreTelling(refusal, REFUSED[reason]));
    // Several vendors' patterns may match one name (`<mac>.cfg`: Yealink and Fanvil): one read per MAC.
    const phones = new Map<string, ReturnType<Store['getPhoneByMac']>>();
    const phoneByMac = (mac: Mac) => phones.get(mac) ?? phones.set(mac, store.getPhoneByMac(mac)).get(mac)!;
    for (const match of registry.matchFile(req.filename)) {
      if (match.mac) {
        if (!req.trustedSource) {
          refuse('not_allowed');
          continue;
        }
        if (mine && !mine.has(match.mac)) {
          refuse('not_owned');
          continue;
        }
        const phone = await phoneByMac(match.mac);
        if (!phone || (user && phone.user_id !== user.id)) {
          refuse(user ? 'not_owned' : 'unknown_mac');
          continue;
        }
        if (phone.vendor !== match.vendor.id || (match.file.models && !match.file.models.includes(phone.model))) {
          refuse('wrong_file');
          continue;
        }
        const owner = user ?? (await store.getUser(phone.user_id));
        if (!owner) {
          refuse('unknown_mac');
          continue;
        }
        sightings.record(phone.mac, req);
        // Only the owner's folder serves the file (it carries every line's password); it is
        // dropped when any line's user changes.
        const file = await renderPhoneFile(match.vendor, match.file, phone, owner);
        return { file, owner: { userId: owner.id, mac: phone.mac, lineUserIds: lineUserIds(phone) } };
      }
      const model = match.model ?? Object.keys(match.vendor.descriptor.models)[0]!;
      if (match.file.scope === 'directory') {
        const scope = deps.phonebook?.scopeOf(user, req.trustedSource);
        if (scope === undefined) {
          refuse('not_allowed');
          continue;
        }
        const made = (entries: readonly DirectoryEntry[]) => render(match.vendor, match.file, model, model, undefined, undefined, [], entries);
        return { file: await deps.phonebook!.rendered(scope, `${match.vendor.id}\0${match.file.id}\0${model}`, made), owner: DIRECTORY_OWNER };
      }
      // A common file depends on no user; without a folder it is dropped only by network/reset.
      return { file: await renderCommon(match.vendor, match.file, model, generation), owner: { userId: user?.id ?? '', mac: null } };
    }
    return refusal;
  };

  const hit = hits.labels({ result: 'hit' });
  const miss = hits.labels({ result: 'miss' });
  // The first stage carries line 1 only (without its secrets): further lines come with the second.
  const firstStage = createFirstStage({ registry, store, cache, cacheKey: (req) => cacheKey(req), render: (v, f, p, u) => renderPhoneFile(v, f, p, u, []) });
  const valid = (req: FetchRequest) => (req.folder === undefined || FOLDER.test(req.folder)) && FILENAME.test(req.filename);
  // Folder-less requests are cached apart by trust, so an untrusted source never gets a trusted answer.
  const cacheKey = (req: FetchRequest) => `${req.folder ?? (req.trustedSource ? '\0trusted' : '\0public')}\0${req.filename.toLowerCase()}`;
  const lookup = (req: FetchRequest, key: string) => {
    const cached = cache.get(key);
    // A per-phone file cached for a trusted source is no answer to an untrusted one (same folder).
    if (cached?.mac && !req.trustedSource) return undefined;
    if (cached) {
      hit.inc();
      if (cached.mac) sightings.record(cached.mac, req);
    }
    return cached;
  };

  return {
    cached: (req) => (valid(req) ? lookup(req, cacheKey(req)) : undefined),

    async fetch(req) {
      if (!valid(req)) return REFUSED.bad_name;
      const key = cacheKey(req);
      const cached = lookup(req, key);
      if (cached) return cached;
      miss.inc();
      if (deps.dataLost?.()) throw new ProvError('PROV_ERR_STORE_UNAVAILABLE', ['its data was lost; only files already rendered are served']);
      const generation = cache.generation();
      const found = await resolve(req, generation);
      if (isRefused(found)) return found;
      cache.set(key, found.file, found.owner, generation);
      return found.file;
    },

    bootstrap: (req, file) => firstStage(req, file),

    async filesOf(phone, user) {
      const base = await this.provisioningUrl(phone, user);
      return registry.filesFor(phone.vendor, phone.model, phone.mac).map(({ name, common: isCommon }) => ({ name, url: base + name, common: isCommon }));
    },

    async renderFile(phone, user, name) {
      const vendor = registry.get(phone.vendor);
      const entry = registry.filesFor(phone.vendor, phone.model, phone.mac).find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (!vendor || !entry) throw new ProvError('PROV_ERR_FILE_NOT_FOUND', [name]);
      return entry.common ? renderCommon(vendor, entry.file, phone.model, cache.generation()) : renderPhoneFile(vendor, entry.file, phone, user);
    },

    async provisioningUrl(phone, user) {
      const server = resolveServer(await network.get(), phone.interface, phone.preferred_transport, deps.server, user.provision_token, phone.https, []);
      return server.provisioning_url!;
    },

    /** Drops every rendered file (the templates were reloaded): the next fetch renders anew. */
    invalidate() {
      cache.clear();
      common.clear();
      deps.phonebook?.drop();
    },

    close() {
      unsubscribe();
      cache.clear();
    },
  };
}

// --- internal ---

function toRendered(body: Buffer, file: VendorFile, vendor: Vendor, mac: string | null, auth: FileAuth | undefined): RenderedFile {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return auth ? { body, etag, contentType: file.contentType, vendor: vendor.id, mac, auth } : { body, etag, contentType: file.contentType, vendor: vendor.id, mac };
}
