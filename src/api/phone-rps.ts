/**
 * @module A phone's redirect-service (RPS) side in the admin API: the check that makes `rps: true`
 * either workable or a 400 (never stored and ignored), and the two actions on a phone's
 * registration, retry and override (a re-mark of its MAC in the store's outbox; the job runner
 * does the work).
 */
import type { Mac } from '../domain/mac.js';
import type { Phone } from '../domain/phone.js';
import { ProvError, validationError } from '../errors.js';
import type { RedirectDirectory } from '../redirect/index.js';
import type { RpsStatus } from '../store/rps-types.js';
import type { Store } from '../store/types.js';
import type { VendorRegistry } from '../vendors/registry.js';

export interface PhoneRpsDeps {
  readonly store: Store;
  readonly registry: VendorRegistry;
  readonly redirect: RedirectDirectory;
}

export interface PhoneRps {
  /**
   * Checks a phone about to be written: with `rps: true` its vendor must have a service and an
   * account, and the phone what the account's service needs (Gigaset: the MAC-ID code in
   * `serial_number`). A phone with `rps: false` passes.
   * @throws ProvError PROV_ERR_RPS_UNSUPPORTED, PROV_ERR_RPS_NO_ACCOUNT (field `rps`),
   *   PROV_ERR_VALIDATION (field `serial_number`)
   */
  check(phone: Pick<Phone, 'rps' | 'vendor' | 'mac' | 'serial_number'>): Promise<void>;
  /** Queues the MAC's reconciliation again. @throws PROV_ERR_PHONE_NOT_FOUND */
  retry(mac: Mac): Promise<void>;
  /**
   * Queues a register that takes the MAC over from another account of the service.
   * @throws PROV_ERR_PHONE_NOT_FOUND, PROV_ERR_RPS_NOT_ENABLED (rps false),
   *   PROV_ERR_RPS_NO_ACCOUNT, PROV_ERR_RPS_OVERRIDE_UNSUPPORTED (the service cannot)
   */
  override(mac: Mac): Promise<void>;
}

/** The RPS fields of every phone answer (`rps_updated_at` null before any outcome). */
export interface RpsPhoneView {
  readonly rps_status: RpsStatus;
  /** The vendor's own words when it went wrong; '' otherwise. */
  readonly rps_message: string;
  readonly rps_updated_at: string | null;
}

/** The view of the RPS fields a stored phone read carries. */
export function rpsPhoneView(fields: { readonly rps_status: RpsStatus; readonly rps_message: string; readonly rps_updated_at?: string }): RpsPhoneView {
  return { rps_status: fields.rps_status, rps_message: fields.rps_message, rps_updated_at: fields.rps_updated_at ?? null };
}

/** The RPS fields of a MAC without an outcome. */
export const NO_RPS_OUTCOME = { rps_status: 'disabled', rps_message: '' } as const;

export function createPhoneRps(deps: PhoneRpsDeps): PhoneRps {
  const { store, registry, redirect } = deps;

  /** The vendor's account; a 400 on field `rps` when the vendor has no service or no account. */
  const accountFor = async (vendorId: string) => {
    const vendor = registry.get(vendorId);
    const services = vendor ? redirect.forVendor(vendor) : undefined;
    if (!vendor || !services?.supported) {
      const reason = services && !services.supported ? services.reason : 'no such vendor in templates/';
      throw new ProvError('PROV_ERR_RPS_UNSUPPORTED', [vendorId, reason], { errors: [{ field: 'rps', message: `vendor ${vendorId} has no redirect service: ${reason}` }] });
    }
    const account = await store.getRpsAccount(vendor.id);
    if (!account) {
      throw new ProvError('PROV_ERR_RPS_NO_ACCOUNT', [vendor.id, vendor.id], { errors: [{ field: 'rps', message: `vendor ${vendor.id} has no redirect-service account` }] });
    }
    return account;
  };
  const mark = async (mac: Mac, options?: { override: boolean }) => {
    if (!(await store.markRps(mac, options))) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [mac]);
  };

  return {
    async check(phone) {
      if (!phone.rps) return;
      const account = await accountFor(phone.vendor);
      const problem = redirect.get(account.flavour)?.checkPhone?.(phone.mac, { serialNumber: phone.serial_number });
      if (problem) throw validationError([{ field: 'serial_number', message: problem }]);
    },
    retry: (mac) => mark(mac),
    async override(mac) {
      const phone = await store.getPhoneByMac(mac);
      if (!phone) throw new ProvError('PROV_ERR_PHONE_NOT_FOUND', [mac]);
      if (!phone.rps) throw new ProvError('PROV_ERR_RPS_NOT_ENABLED', [mac, 'set rps true to register it (a take-over is a register)']);
      const account = await accountFor(phone.vendor);
      if (!redirect.get(account.flavour)?.canOverride) throw new ProvError('PROV_ERR_RPS_OVERRIDE_UNSUPPORTED', [account.flavour]);
      await mark(mac, { override: true });
    },
  };
}
