/**
 * @module Gigaset GRAPE (rps-facts.md §5.2): the SRAPS flow with Gigaset's host and the setting
 * `ProvisioningServer`. Only Falconieri's register is seen in use; unregister and lookup follow
 * SRAPS (unverified).
 */
import { defineHawkRestService } from '../hawk-rest/service.js';

/** Gigaset GRAPE: account fields `access_key_id` / `access_key_secret` (Hawk id/key issued by Gigaset), optional `url`. */
export const gigasetGrape = defineHawkRestService({
  id: 'gigaset-grape',
  vendor: 'gigaset',
  service: 'Gigaset GRAPE',
  defaultUrl: 'https://api.grape.gigaset.net/api/v1/',
  settingName: 'ProvisioningServer',
  // NOTE(rps): assumed like the legacy server (a Gigaset phone fetches the URL it is given); unverified.
  urlKind: 'file',
});
