/**
 * @module Redirect-service (RPS) accounts behind the admin API: one per vendor, created or
 * replaced whole, deleted only while no phone with `rps: true` uses it, and checked against the
 * vendor's service. Secrets (`password`, `access_key_secret`) are write-only: views are built
 * from a list of public fields, so nothing else of a stored account can reach an answer.
 */
import { parseWith } from '../domain/fields.js';
import { RPS_CREDENTIAL_FIELDS, RpsAccountBodySchema, type RpsAccountBody } from '../domain/rps-account.js';
import { ProvError, validationError, type FieldError } from '../errors.js';
import { isRedirectError, type RedirectDirectory, type RedirectErrorKind, type RedirectServiceDefinition } from '../redirect/index.js';
import type { RpsAccount } from '../store/rps-types.js';
import type { Store } from '../store/types.js';
import type { VendorRegistry } from '../vendors/registry.js';
import { phonesUsingRps, vendorRedirect } from './rps-vendor.js';

export interface RpsAccountsDeps {
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly redirect: RedirectDirectory;
  readonly now: () => Date;
  /** Timeout of the service call of `check` (default: the client's, 15 s). */
  readonly rpsTimeoutMs?: number;
}

/** An account as the API answers it: never a secret. */
export interface RpsAccountView {
  readonly vendor: string;
  readonly flavour: string;
  /** Which fields the service takes: `username_password` or `access_key`. */
  readonly credentials: RedirectServiceDefinition['credentials'] | null;
  /** The account's own base URL, or null when the service's public one is used (`default_url`). */
  readonly url: string | null;
  readonly default_url: string | null;
  readonly username?: string;
  readonly access_key_id?: string;
  /** Whether `POST /api/phones/{mac}/rps/override` can take a MAC over with this service. */
  readonly can_override: boolean;
  readonly created_at: string;
  readonly updated_at: string;
}

/** What `POST .../check` answers: the service's verdict on the stored credentials. */
export type RpsCheckResult = { readonly ok: true } | { readonly ok: false; readonly error: RedirectErrorKind; readonly message: string };

export interface RpsAccountsService {
  list(): Promise<RpsAccountView[]>;
  /** @throws PROV_ERR_VENDOR_UNKNOWN, PROV_ERR_RPS_ACCOUNT_NOT_FOUND */
  get(vendor: string): Promise<RpsAccountView>;
  /**
   * Creates or replaces the vendor's account; `created` tells which.
   * @throws PROV_ERR_VENDOR_UNKNOWN, PROV_ERR_RPS_UNSUPPORTED, PROV_ERR_VALIDATION,
   *   PROV_ERR_RPS_ACCOUNT_IN_USE (another flavour while phones use the account)
   */
  put(vendor: string, body: Record<string, unknown>): Promise<{ created: boolean; view: RpsAccountView }>;
  /** @throws PROV_ERR_RPS_ACCOUNT_IN_USE, PROV_ERR_RPS_ACCOUNT_NOT_FOUND */
  remove(vendor: string): Promise<void>;
  /** Calls the service's check() with the stored account. @throws PROV_ERR_RPS_ACCOUNT_NOT_FOUND */
  check(vendor: string): Promise<RpsCheckResult>;
}

export function createRpsAccountsService(deps: RpsAccountsDeps): RpsAccountsService {
  const { store, registry, redirect, now } = deps;
  const accountOf = async (vendorId: string): Promise<RpsAccount> => {
    const vendor = registry.get(vendorId);
    if (!vendor) throw unknownVendor(vendorId);
    const account = await store.getRpsAccount(vendor.id);
    if (!account) throw new ProvError('PROV_ERR_RPS_ACCOUNT_NOT_FOUND', [vendor.id]);
    return account;
  };
  const view = (account: RpsAccount) => toAccountView(account, redirect.get(account.flavour));

  return {
    async list() {
      return (await store.listRpsAccounts()).map(view);
    },
    async get(vendorId) {
      return view(await accountOf(vendorId));
    },
    async put(vendorId, body) {
      const { vendor, services } = vendorRedirect(registry, redirect, vendorId);
      const parsed = parseWith(RpsAccountBodySchema, body);
      const service = serviceOf(services, parsed);
      const before = await store.getRpsAccount(vendor.id);
      if (before && before.flavour !== service.id) await refuseWhileUsed(store, vendor.id, `its flavour stays ${before.flavour} while they use it`);
      const at = now().toISOString();
      const account: RpsAccount = {
        vendor: vendor.id,
        flavour: service.id,
        ...(parsed.url !== undefined ? { url: parsed.url } : {}),
        ...credentialsOf(service, parsed),
        created_at: before?.created_at ?? at,
        updated_at: at,
      };
      await store.putRpsAccount(account);
      return { created: before === undefined, view: view(account) };
    },
    async remove(vendorId) {
      const account = await accountOf(vendorId);
      await refuseWhileUsed(store, account.vendor, 'set their rps to false (or delete them) first');
      if (!(await store.deleteRpsAccount(account.vendor))) throw new ProvError('PROV_ERR_RPS_ACCOUNT_NOT_FOUND', [account.vendor]);
    },
    async check(vendorId) {
      const account = await accountOf(vendorId);
      try {
        await redirect.client(account, deps.rpsTimeoutMs === undefined ? {} : { timeoutMs: deps.rpsTimeoutMs }).check();
        return { ok: true };
      } catch (err) {
        // The clients' messages are the vendor's words and never carry a credential.
        if (isRedirectError(err)) return { ok: false, error: err.kind, message: err.message };
        throw err;
      }
    },
  };
}

/** The public fields of an account, one by one (a new stored field is never shown by mistake). */
export function toAccountView(account: RpsAccount, service: RedirectServiceDefinition | undefined): RpsAccountView {
  return {
    vendor: account.vendor,
    flavour: account.flavour,
    credentials: service?.credentials ?? null,
    url: account.url ?? null,
    default_url: service?.defaultUrl ?? null,
    ...(account.username !== undefined ? { username: account.username } : {}),
    ...(account.access_key_id !== undefined ? { access_key_id: account.access_key_id } : {}),
    can_override: service?.canOverride ?? false,
    created_at: account.created_at,
    updated_at: account.updated_at,
  };
}

// --- internal ---

function unknownVendor(vendorId: string): ProvError {
  return new ProvError('PROV_ERR_VENDOR_UNKNOWN', [vendorId], { errors: [{ field: 'vendor', message: 'no such vendor in templates/' }] });
}

/** The flavour named (one of the vendor's) or the vendor's first. */
function serviceOf(services: readonly RedirectServiceDefinition[], body: RpsAccountBody): RedirectServiceDefinition {
  if (body.flavour === undefined) return services[0]!;
  const found = services.find((s) => s.id === body.flavour);
  if (!found) throw validationError([{ field: 'flavour', message: `must be one of: ${services.map((s) => s.id).join(', ')}` }]);
  return found;
}

/** The credential fields the service takes, all required; the other kind's fields refused. */
function credentialsOf(service: RedirectServiceDefinition, body: RpsAccountBody): Partial<RpsAccount> {
  const wanted = RPS_CREDENTIAL_FIELDS[service.credentials];
  const errors: FieldError[] = [];
  for (const [kind, fields] of Object.entries(RPS_CREDENTIAL_FIELDS)) {
    for (const field of fields) {
      if (kind === service.credentials && body[field] === undefined) errors.push({ field, message: `is required by ${service.id}` });
      if (kind !== service.credentials && body[field] !== undefined) errors.push({ field, message: `is not used by ${service.id} (it takes ${wanted.join(' and ')})` });
    }
  }
  if (errors.length) throw validationError(errors);
  return Object.fromEntries(wanted.map((field) => [field, body[field]]));
}

async function refuseWhileUsed(store: Store, vendor: string, advice: string): Promise<void> {
  const used = await phonesUsingRps(store, vendor);
  if (used.count > 0) throw new ProvError('PROV_ERR_RPS_ACCOUNT_IN_USE', [vendor, used.count, used.macs.join(', '), advice]);
}
