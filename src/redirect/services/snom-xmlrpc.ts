/**
 * @module Snom's legacy XML-RPC redirection API, still served by SRAPS (rps-facts.md §4.1):
 * `redirect.registerPhone(mac, url)` sets the URL (calling it again replaces it), the lookup
 * tells the URL through `getPhoneRedirection`, `network.echo` proves the credentials. The
 * endpoint's trailing slash is mandatory (Snom wiki).
 */
import { formatMac } from '../../domain/mac.js';
import type { RedirectErrorKind, RedirectServiceDefinition } from '../types.js';
import { accountTarget, createXmlRpcClient, type TextRule } from '../xmlrpc-client.js';

type Meaning = RedirectErrorKind | 'absent';

const RULES: readonly TextRule<Meaning>[] = [
  { pattern: /^Error:\s*owned_by_other_user/i, means: 'owned_by_other' },
  { pattern: /^Error:\s*malformed_url/i, means: 'invalid_url' },
  { pattern: /^Error:\s*malformed_mac/i, means: 'invalid_mac' },
  { pattern: /^Error:\s*no_such_mac/i, means: 'absent' },
];

const DEFAULT_URL = 'https://secure-provisioning.snom.com:8083/xmlrpc/';

export const snomXmlRpcService: RedirectServiceDefinition = {
  id: 'snom-xmlrpc',
  vendor: 'snom',
  credentials: 'username_password',
  defaultUrl: DEFAULT_URL,
  create(account, options) {
    const rpc = createXmlRpcClient(accountTarget(account, DEFAULT_URL, options), RULES);
    // MAC12 upper, as Snom's own console sends it.
    const idOf = (mac: Parameters<typeof formatMac>[0]) => formatMac(mac, { upper: true });
    return {
      id: 'snom-xmlrpc',
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
    };
  },
};
