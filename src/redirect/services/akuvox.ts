/**
 * @module Akuvox RPS for door stations and phones (a Yealink-style XML-RPC, rps-facts.md §7): a URL
 * is bound through a named server. The device then fetches `<url><MAC>.cfg` (or `common.cfg`), so
 * the server URL is the folder URL with its trailing slash. Only registerDevice is documented; the
 * rest of the method set and every text are the family's, assumed.
 */
import type { RedirectServiceDefinition } from '../types.js';
import { yealinkFamilyService } from '../yealink-family.js';

export const akuvoxService: RedirectServiceDefinition = yealinkFamilyService({
  id: 'akuvox',
  vendor: 'akuvox',
  // Plain http to a bare address, as Akuvox documents it.
  defaultUrl: 'http://58.96.188.87/fcgi/do?id=1',
  // The doc's examples spell it `0C1105002189`.
  macFormat: { upper: true },
  binding: 'named-server',
  urlForm: (url) => url,
});
