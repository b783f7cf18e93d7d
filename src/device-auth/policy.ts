/**
 * @module The device-authentication policy: which mode applies to a phone (its own `device_auth`,
 * else the server default PROV_DEVICE_AUTH), what its per-phone files carry for the authorise
 * step (FileAuth, computed once per render), and which credentials they write into the phone.
 *
 * Vendor differences are data: a vendor whose templates write the credentials declares
 * `"provisioningCredentials": true` in vendor.json, and a model whose template does not (an older
 * file format) says `"provisioning_credentials": false`; `pin` for a vendor listed in
 * PROV_PIN_EXCLUDE_VENDORS falls back to `digest`.
 */
import type { Phone } from '../domain/phone.js';
import type { User } from '../domain/user.js';
import type { DeviceAuthMode } from '../domain/values.js';
import type { VendorDescriptor } from '../vendors/descriptor.js';
import { basicDigest } from './basic.js';
import { digestHa1 } from './digest.js';
import type { DeviceCredentials, FileAuth } from './types.js';

/** The realm of every challenge; HA1 depends on it, so it is fixed (phones learn it from the challenge). */
export const DEVICE_AUTH_REALM = 'provd';

export interface DeviceAuthSettings {
  /** PROV_DEVICE_AUTH: the mode of phones that set none. */
  readonly mode: DeviceAuthMode;
  /** PROV_PIN_EXCLUDE_VENDORS: vendor ids whose phones get `digest` where `pin` applies. */
  readonly pinExcludeVendors: readonly string[];
}

export interface DeviceAuthPolicy {
  /** The mode in force for `phone` of `vendor`. */
  modeOf(phone: Phone, vendor: VendorDescriptor): DeviceAuthMode;
  /** What a per-phone file of `phone` carries for the step; undefined in mode `none` (nothing to check). */
  fileAuth(phone: Phone, user: User, vendor: VendorDescriptor): FileAuth | undefined;
  /**
   * The credentials the phone's files write into it: its device credentials, except in `pin`
   * mode (the phone keeps what its user typed) and for phones without a device password.
   */
  written(phone: Phone, vendor: VendorDescriptor): DeviceCredentials | null;
}

/** The device username: the phone's MAC, 12 lowercase hex digits. */
export function deviceUsername(phone: Pick<Phone, 'mac'>): string {
  return phone.mac;
}

export function createDeviceAuthPolicy(settings: DeviceAuthSettings): DeviceAuthPolicy {
  const excluded = new Set(settings.pinExcludeVendors);
  const modeOf = (phone: Phone, vendor: VendorDescriptor): DeviceAuthMode => {
    const mode = phone.device_auth ?? settings.mode;
    return mode === 'pin' && excluded.has(vendor.id) ? 'digest' : mode;
  };

  return {
    modeOf,
    fileAuth(phone, user, vendor) {
      const mode = modeOf(phone, vendor);
      if (mode === 'none') return undefined;
      const pin = mode === 'pin';
      const username = pin ? user.extension_number : deviceUsername(phone);
      const password = pin ? user.voicemail_pin : phone.device_password;
      const sent = phone.device_credentials_sent_at === undefined ? undefined : Date.parse(phone.device_credentials_sent_at);
      return {
        mac: phone.mac,
        // `digest` can only close once the file carries credentials to deliver.
        withoutCredentials: mode !== 'digest' ? 'never' : password !== undefined && writesCredentials(phone, vendor) ? 'until-delivered' : 'always',
        sentAt: sent !== undefined && Number.isFinite(sent) ? sent : undefined,
        username,
        secret: password === undefined ? undefined : {
          ha1: {
            'SHA-256': digestHa1('SHA-256', username, DEVICE_AUTH_REALM, password),
            MD5: digestHa1('MD5', username, DEVICE_AUTH_REALM, password),
          },
          basic: basicDigest(username, password),
        },
      };
    },
    written(phone, vendor) {
      if (phone.device_password === undefined || modeOf(phone, vendor) === 'pin') return null;
      return { username: deviceUsername(phone), password: phone.device_password };
    },
  };
}

// --- internal ---

/** The model's own `provisioning_credentials` wins over the vendor's `provisioningCredentials`. */
function writesCredentials(phone: Phone, vendor: VendorDescriptor): boolean {
  const own = vendor.models[phone.model]?.['provisioning_credentials'];
  return typeof own === 'boolean' ? own : vendor.provisioningCredentials;
}
