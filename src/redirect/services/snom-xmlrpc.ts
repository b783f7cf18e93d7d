/**
 * @module Snom's legacy XML-RPC redirection API, still served by SRAPS (rps-facts.md §4.1):
 * `redirect.registerPhone(mac, url)` sets the URL (calling it again replaces it), the lookup
 * tells the URL through `getPhoneRedirection`, `network.echo` proves the credentials. The
 * endpoint's trailing slash is mandatory (Snom wiki).
 */
import { formatMac, type Mac } from '../../domain/mac.js';
import type { RedirectErrorKind, RedirectServiceDefinition } from '../types.js';
import { defineXmlRpcService, type TextRule } from '../xmlrpc-client.js';

type Meaning = RedirectErrorKind | 'absent';

const RULES: readonly TextRule<Meaning>[] = [
  { pattern: /^Error:\s*owned_by_other_user/i, means: 'owned_by_other' },
  { pattern: /^Error:\s*malformed_url/i, means: 'invalid_url' },
  { pattern: /^Error:\s*malformed_mac/i, means: 'invalid_mac' },
  { pattern: /^Error:\s*no_such_mac/i, means: 'absent' },
];

// MAC12 upper, as Snom's own console sends it.
const idOf = (mac: Mac) => formatMac(mac, { upper: true });

export const snomXmlRpcService: RedirectServiceDefinition = defineXmlRpcService(
  { id: 'snom-xmlrpc', vendor: 'snom', defaultUrl: 'https://secure-provisioning.snom.com:8083/xmlrpc/', rules: RULES },
  (rpc) => ({
    async register(mac, url) {
      const answer = await rpc.ask('redirect.registerPhone', [idOf(mac), url]);
      if (!answer.success) throw rpc.failure('redirect.registerPhone', answer);
    },
    async unregister(mac) {
      const answer = await rpc.ask('redirect.deregisterPhone', [idOf(mac)]);
      if (!answer.success && answer.means !== 'absent') throw rpc.failure('redirect.deregisterPhone', answer);
    },
    async lookup(mac) {
      const held = await rpc.ask('redirect.checkPhone', [idOf(mac)]);
      if (!held.success && (held.means === 'absent' || held.means === 'owned_by_other')) return { state: held.means };
      if (!held.success) throw rpc.failure('redirect.checkPhone', held);
      // [true, company, url]: the URL is the third value.
      const target = await rpc.ask('redirect.getPhoneRedirection', [idOf(mac)]);
      const url = target.success ? target.texts[1] : undefined;
      return url ? { state: 'registered', url } : { state: 'registered' };
    },
    check: () => rpc.reach('network.echo', ['ping']),
  }),
);
