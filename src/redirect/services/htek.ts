/**
 * @module Htek RPS (a Yealink-style XML-RPC, rps-facts.md §6): a URL is bound through a named
 * server. A phone asks RPS for `cfg<mac>` and is sent an HTTP 302 to `<server URL>/cfg<mac>`,
 * so the server URL is the phone's folder without its trailing slash.
 */
import type { RedirectServiceDefinition } from '../types.js';
import { yealinkFamilyService } from '../yealink-family.js';

export const htekService: RedirectServiceDefinition = yealinkFamilyService({
  id: 'htek',
  vendor: 'htek',
  defaultUrl: 'https://rps.htek.com/index.php/xmlrpc',
  // The doc's examples spell it `001fc1000001`.
  macFormat: {},
  binding: 'named-server',
  // https://p.example/AbC/ => https://p.example/AbC (RPS appends /cfg<mac>)
  urlForm: (url) => url.replace(/\/+$/, ''),
});
