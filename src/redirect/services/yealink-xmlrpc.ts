/**
 * @module Yealink's legacy "XML API for RPS" (XML-RPC, HTTP Basic with the RPS account's XML API
 * user): the URL is set per device with `registerDeviceWithUniqueUrl` (rps-facts.md §2.1). Yealink
 * phones treat the provisioning URL as a folder, so the folder URL is registered as given.
 */
import type { RedirectServiceDefinition } from '../types.js';
import { yealinkFamilyService } from '../yealink-family.js';

export const yealinkXmlRpcService: RedirectServiceDefinition = yealinkFamilyService({
  id: 'yealink-xmlrpc',
  vendor: 'yealink',
  defaultUrl: 'https://api-dm.yealink.com:8443/xmlrpc',
  // MAC12 upper (NGCP); the service also takes lower case and separators.
  macFormat: { upper: true },
  binding: 'unique-url',
  urlForm: (url) => url,
  // NOTE(rps): the owned-elsewhere text itself is unknown; FAL recognises it by this shape only.
  extraRules: [{ pattern: /^Error:[a-z0-9]{10}/, means: 'owned_by_other' }],
});
