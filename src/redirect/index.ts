/**
 * @module The redirect services (RPS) the server knows: one definition per service, one file per
 * service under services/. A new service is one file there and one entry here; a vendor uses it
 * by listing its id in `templates/<vendor>/vendor.json` `redirect.services`.
 */
import { akuvoxService } from './services/akuvox.js';
import { fanvilFdpsService } from './services/fanvil-fdps.js';
import { gigasetGrape } from './services/gigaset-grape.js';
import { gigasetXmlRpcService } from './services/gigaset-xmlrpc.js';
import { htekService } from './services/htek.js';
import { snomSraps } from './services/snom-sraps.js';
import { snomXmlRpcService } from './services/snom-xmlrpc.js';
import { yealinkJson } from './services/yealink-json.js';
import { yealinkXmlRpcService } from './services/yealink-xmlrpc.js';
import type { RedirectServiceDefinition } from './types.js';

/** Every service, by vendor. Ids are unique (test/redirect/registry.test.ts). */
export const REDIRECT_SERVICES: readonly RedirectServiceDefinition[] = [
  yealinkJson,
  yealinkXmlRpcService,
  fanvilFdpsService,
  snomSraps,
  snomXmlRpcService,
  gigasetXmlRpcService,
  gigasetGrape,
  htekService,
  akuvoxService,
];

export { createRedirectDirectory, type RedirectDirectory, type VendorServices } from './directory.js';
export { phoneRedirectUrl } from './phone-url.js';
export * from './types.js';
