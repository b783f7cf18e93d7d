/**
 * @module Phone use cases behind the admin API: create (with defaults), read, update, destroy,
 * list, lookups by MAC, and the phone's files. Answers API-shaped views (no secrets, with `url`).
 */
import { randomUUID } from 'node:crypto';
import { parseWith } from '../domain/fields.js';
import type { Mac } from '../domain/mac.js';
import { PHONE_READ_ONLY, PHONE_SECRETS, PhoneCreateSchema, PhoneUpdateSchema, storedLines, toPhoneView, type Phone, type PhoneUpdate } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import { ProvError } from '../errors.js';
import type { PhoneFileInfo, ProvisioningService, RenderedFile } from '../provisioning/types.js';
import type { ListQuery } from '../store/query.js';
import type { Page, Store, StoredPhone } from '../store/types.js';
import type { VendorRegistry } from '../vendors/registry.js';
import { applyDoorCodeUpdate, checkDoorCodes } from './door-codes.js';
import { checkWebPassword } from './web-password.js';
import { checkLines, linesOfUser } from './phone-lines.js';
import { claimOf, sameSecrets } from './idempotency.js';
import { maskFile, secretValuesOf } from './mask-secrets.js';
import { modelOf, newDevicePassword, newPhoneRecord, resolveModel, updatedFilename } from './phone-defaults.js';
import { NO_RPS_OUTCOME, rpsPhoneView, type PhoneRps, type RpsPhoneView } from './phone-rps.js';
import { definedOnly, withoutReadOnly } from './users-service.js';
import { deviceUsername } from '../device-auth/policy.js';
import { applySettingsChange, maskSettings } from '../settings/mask.js';
import { checkPhoneSettings } from '../settings/phone.js';
import { lineUsersOf } from '../provisioning/lines.js';

/** What the phones service needs; `defaultTimezone` is given to phones created without one. */
export interface PhonesServiceDeps {
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly provisioning: ProvisioningService;
  /** Refuses `rps: true` where it cannot work (no service, no account, a field the service needs). */
  readonly rps: Pick<PhoneRps, 'check'>;
  readonly defaultTimezone: string;
  readonly now: () => Date;
}

/**
 * A phone as the API answers it: the view, its auto-provisioning `url` and its redirect-service
 * state (`rps_status`, `rps_message`, `rps_updated_at`).
 */
export type PhoneView = ReturnType<typeof toPhoneView> & RpsPhoneView & { readonly url: string };

/** Phone use cases; unknown user -> PROV_ERR_USER_NOT_FOUND, unknown phone (or another user's) -> PROV_ERR_PHONE_NOT_FOUND. */
export interface PhonesService {
  /**
   * @returns the view, plus `password` when the web password was generated (shown on the 201
   * only; a retry under the same Idempotency-Key shows it again, read from the phone's record).
   */
  create(userId: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<PhoneView & { password?: string }>;
  get(userId: string, phoneId: string): Promise<PhoneView>;
  update(userId: string, phoneId: string, body: Record<string, unknown>): Promise<PhoneView>;
  destroy(userId: string, phoneId: string): Promise<void>;
  /** `withSecrets` adds each phone's secret fields (the caller checked the role: api/with-secrets.ts). */
  list(query: ListQuery, userId?: string, options?: { readonly withSecrets?: boolean }): Promise<Page<PhoneView>>;
  /** The phone with that MAC and its owner. @throws PROV_ERR_PHONE_NOT_FOUND */
  byMac(mac: Mac): Promise<{ phone: StoredPhone; user: User; view: PhoneView }>;
  files(mac: Mac): Promise<PhoneFileInfo[]>;
  /** The phones carrying the user on a further line. @throws PROV_ERR_USER_NOT_FOUND */
  lines(userId: string): ReturnType<typeof linesOfUser>;
  /** One rendered file; `masked`: every secret value of the phone and its user replaced (a preview). */
  renderFile(mac: Mac, name: string, options?: { readonly masked?: boolean }): Promise<RenderedFile>;
  /**
   * Gives the phone a new device password (its files change; a `digest` phone's delivery window
   * opens again) and answers the new credentials, shown here only. @throws PROV_ERR_PHONE_NOT_FOUND
   */
  rotateDeviceCredentials(mac: Mac): Promise<{ mac: Mac; device_username: string; device_password: string }>;
}

/** Builds the phones service. Every write is validated fully (schema, vendor, model, filename) before the store is called. */
export function createPhonesService(deps: PhonesServiceDeps): PhonesService {
  const { store, registry, provisioning, now } = deps;

  const userOf = async (id: string): Promise<User> => {
    const user = await store.getUser(id);
    if (!user) throw new ProvError('PROV_ERR_USER_NOT_FOUND', [id]);
    return user;
  };
  /** A phone under this user's id; a phone of another user is "not found" too. */
  const phoneOf = async (user: User, phoneId: string): Promise<StoredPhone> => {
    const phone = await store.getPhone(phoneId);
    if (!phone || phone.user_id !== user.id) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [phoneId]);
    return phone;
  };
  /**
   * A stored phone read carries its RPS fields; for a phone just written they are read now (the
   * write may have marked its MAC `pending`). A phone gone meanwhile shows `disabled`.
   */
  const view = async (phone: Phone | StoredPhone, user: User): Promise<PhoneView> => ({
    ...toPhoneView(phone),
    ...(phone.settings === undefined ? {} : { settings: maskSettings(phone.settings) }),
    ...rpsPhoneView('rps_status' in phone ? phone : ((await store.getPhone(phone.id)) ?? NO_RPS_OUTCOME)),
    url: await provisioning.provisioningUrl(phone, user),
  });
  /** The stored phone with `changes` applied, validated as a whole. */
  const mergePhone = (before: Phone, update: PhoneUpdate): Phone => {
    // Server-owned device credentials stay out of the client-field parse; kept (or, for a phone
    // stored before they existed, given) here.
    const { id, user_id, created_at, updated_at: _u, device_password, device_credentials_sent_at, device_auth: storedAuth, settings: storedSettings, ...rest } = before;
    // `device_auth: null` goes back to the server's default mode.
    const { device_auth: authChange, settings: settingsChange, ...update_ } = update;
    // Settings merge key by key (`null` removes one); `settings: null` removes them all.
    const settings = settingsChange === null ? {} : applySettingsChange(storedSettings, settingsChange ?? {}, { replace: false, field: 'settings' });
    const deviceAuth = authChange === null ? undefined : (authChange ?? storedAuth);
    const sameModel = (update.vendor ?? before.vendor) === before.vendor && (update.model ?? before.model).toLowerCase() === before.model.toLowerCase();
    const { record: stored, changes, check } = applyDoorCodeUpdate(rest, update_, !sameModel);
    // Re-parse the merged record so the cross-field rules (VLAN enabled => id) hold for the result.
    const merged = parseWith(PhoneCreateSchema, { ...stored, ...definedOnly(changes), ...(deviceAuth === undefined ? {} : { device_auth: deviceAuth }), ...(Object.keys(settings).length === 0 ? {} : { settings }) });
    const resolved = resolveModel(registry, merged.vendor, merged.model, changes.filename === undefined ? undefined : merged.filename);
    checkDoorCodes(modelOf(resolved), merged, check);
    // A new password, or a model with a stricter rule than the stored password fits.
    if (changes.password !== undefined || !sameModel) checkWebPassword(resolved, merged.password ?? stored.password);
    checkPhoneSettings(resolved, merged.settings);
    const { lines: _stored, ...kept } = stored;
    const { lines, ...fields } = merged;
    return {
      ...kept,
      ...fields,
      ...storedLines(lines),
      id,
      user_id,
      vendor: resolved.vendor.id,
      model: resolved.model,
      filename: updatedFilename(registry, before, resolved),
      password: merged.password ?? stored.password,
      timezone: merged.timezone ?? stored.timezone,
      codecs: merged.codecs ?? stored.codecs,
      interface: merged.interface ?? stored.interface,
      preferred_transport: merged.preferred_transport ?? stored.preferred_transport,
      device_password: device_password ?? newDevicePassword(),
      ...(device_credentials_sent_at === undefined || device_password === undefined ? {} : { device_credentials_sent_at }),
      created_at,
      updated_at: now().toISOString(),
    };
  };
  const byMac = async (mac: Mac) => {
    const phone = await store.getPhoneByMac(mac);
    const user = phone && (await store.getUser(phone.user_id));
    if (!phone || !user) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [mac]);
    return { phone, user, view: await view(phone, user) };
  };

  return {
    async create(userId, body, idempotencyKey) {
      const user = await userOf(userId);
      const sent = withoutReadOnly(body, PHONE_READ_ONLY);
      const parsed = parseWith(PhoneCreateSchema, sent);
      const resolved = resolveModel(registry, parsed.vendor, parsed.model, parsed.filename);
      checkDoorCodes(modelOf(resolved), parsed);
      if (parsed.password !== undefined) checkWebPassword(resolved, parsed.password);
      checkPhoneSettings(resolved, parsed.settings);
      await checkLines(store, user.id, modelOf(resolved), parsed.lines);
      const { phone, generatedPassword } = newPhoneRecord(parsed, resolved, user, {
        id: randomUUID(),
        at: now().toISOString(),
        defaultTimezone: deps.defaultTimezone,
      });
      await deps.rps.check(phone);
      const outcome = await store.insertPhone(phone, claimOf(idempotencyKey, `users/${userId}/phones`, sent, PHONE_SECRETS));
      const created = outcome.created ? phone : await phoneOf(user, outcome.id);
      if (!sameSecrets(parsed, created, PHONE_SECRETS)) throw new ProvError('PROV_ERR_IDEMPOTENCY_KEY_REUSED', [idempotencyKey!]);
      const shown = await view(created, user);
      // The generated web password is answered on the create, so the admin can learn it; GET never
      // shows it. A retry of that create (its answer was lost) shows it too: same client, same key.
      return generatedPassword === undefined ? shown : { ...shown, password: created.password };
    },
    async get(userId, phoneId) {
      const user = await userOf(userId);
      return view(await phoneOf(user, phoneId), user);
    },
    async update(userId, phoneId, body) {
      const user = await userOf(userId);
      const changes = parseWith(PhoneUpdateSchema, withoutReadOnly(body, PHONE_READ_ONLY));
      // Atomic: the merge is applied to the record stored at the moment of the write.
      const phone = await store.updatePhone(phoneId, async (before) => {
        if (before.user_id !== user.id) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [phoneId]);
        const next = mergePhone(before, changes);
        // Checked on every update: a model with fewer lines, a line user deleted meanwhile.
        await checkLines(store, user.id, modelOf(resolveModel(registry, next.vendor, next.model, undefined)), next.lines);
        // Any phone written with rps true must be workable, also one only renamed (never accepted and ignored).
        await deps.rps.check(next);
        return next;
      });
      return view(phone, user);
    },
    async destroy(userId, phoneId) {
      const user = await userOf(userId);
      await phoneOf(user, phoneId);
      if (!(await store.deletePhone(phoneId))) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [phoneId]);
    },
    async list(query, userId, options = {}) {
      if (userId !== undefined) await userOf(userId);
      const page = await store.listPhones(query, userId);
      // The page's users in one go (on Redis: one round trip for all, not one per phone).
      const ids = [...new Set(page.items.map((p) => p.user_id))];
      const users = new Map(await Promise.all(ids.map(async (id) => [id, await store.getUser(id)] as const)));
      const items: PhoneView[] = [];
      for (const phone of page.items) {
        const user = users.get(phone.user_id);
        // A phone whose user vanished between the two reads is skipped, never shown half-formed.
        if (user) items.push(options.withSecrets ? { ...(await view(phone, user)), ...secretsOf(phone) } : await view(phone, user));
      }
      return { count: page.count, items };
    },
    byMac,
    lines: (userId) => linesOfUser(store, userId),
    async files(mac) {
      const { phone, user } = await byMac(mac);
      return provisioning.filesOf(phone, user);
    },
    async rotateDeviceCredentials(mac) {
      const phone = await store.getPhoneByMac(mac);
      if (!phone) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [mac]);
      const device_password = newDevicePassword();
      const written = await store.updatePhone(phone.id, async (current) => {
        const { device_credentials_sent_at: _sent, ...rest } = current;
        return { ...rest, device_password, updated_at: now().toISOString() };
      });
      return { mac: written.mac, device_username: deviceUsername(written), device_password };
    },
    async renderFile(mac, name, options) {
      const { phone, user } = await byMac(mac);
      const file = await provisioning.renderFile(phone, user, name);
      if (!options?.masked) return file;
      const lineUsers = (await lineUsersOf(store, phone)).map((l) => l.user);
      return maskFile(file, secretValuesOf(phone, user, lineUsers));
    },
  };
}

// --- internal ---

/** The phone's secret fields that are set (`password` always is). */
function secretsOf(phone: Phone): Partial<Pick<Phone, (typeof PHONE_SECRETS)[number] | 'settings'>> {
  const secrets = Object.fromEntries(PHONE_SECRETS.filter((k) => phone[k] !== undefined).map((k) => [k, phone[k]]));
  // The settings unmasked, so an export with secrets reads back whole.
  return phone.settings === undefined ? secrets : { ...secrets, settings: phone.settings };
}
