/**
 * @module Snom SRAPS, the REST API with Hawk (rps-facts.md §4.2): the URL goes into the endpoint's
 * `setting_server` (Snom phones replace `{mac}` in it). Base: Falconieri's 2026 host; NGCP used
 * `https://secure-provisioning.snom.com/api/v1/` (which one Snom calls canonical is unverified).
 */
import { defineHawkRestService } from '../hawk-rest/service.js';

/** Snom SRAPS: account fields `access_key_id` / `access_key_secret` (a SRAPS API key with a role), optional `url`. */
export const snomSraps = defineHawkRestService({
  id: 'snom-sraps',
  vendor: 'snom',
  service: 'Snom SRAPS',
  defaultUrl: 'https://api.sraps.snom.com/api/v1/',
  settingName: 'setting_server',
});
