/**
 * @module Gigaset's legacy redirect server (XML-RPC, rps-facts.md §5.1). Gigaset names a phone by
 * its MAC-ID: the MAC (12 upper hex) and the 4-character check code printed on the device label,
 * `001565AABBCC-X7K2`, which the admin stores as the phone's `serial_number`. Registering
 * deregisters first (the service does not replace a URL); texts carry no `Error:` prefix.
 */
import type { Mac } from '../../domain/mac.js';
import { formatMac } from '../../domain/mac.js';
import { RedirectError, type PhoneOptions, type RedirectErrorKind, type RedirectServiceDefinition } from '../types.js';
import { defineXmlRpcService, type TextRule } from '../xmlrpc-client.js';

type Meaning = RedirectErrorKind | 'absent';

const RULES: readonly TextRule<Meaning>[] = [
  { pattern: /^mac_already_in_use:/i, means: 'owned_by_other' },
  { pattern: /^mac_(invalid|not_exist):/i, means: 'invalid_mac' },
  { pattern: /^url_invalid:/i, means: 'invalid_url' },
  { pattern: /^mac_not_found:/i, means: 'absent' },
];

/** The provider name the Gigaset portal shows beside the URL. */
const PROVIDER_NAME = 'provd';

/**
 * The MAC-ID of a phone: the code alone (`X7K2`) or the whole MAC-ID of this MAC, any case.
 * @throws RedirectError `invalid_mac` when the code is missing or malformed
 */
export function gigasetMacId(mac: Mac, options: PhoneOptions = {}): string {
  const mac12 = formatMac(mac, { upper: true });
  const given = (options.serialNumber ?? '').trim().toUpperCase();
  const code = given.startsWith(`${mac12}-`) ? given.slice(13) : given;
  if (!/^[A-Z0-9]{4}$/.test(code)) {
    throw new RedirectError('invalid_mac', `Gigaset names a phone by its MAC-ID (${mac12}-XXXX): the phone's serial_number must hold the 4-character code from the device label`);
  }
  return `${mac12}-${code}`;
}

export const gigasetXmlRpcService: RedirectServiceDefinition = defineXmlRpcService(
  {
    id: 'gigaset-xmlrpc',
    vendor: 'gigaset',
    defaultUrl: 'https://prov.gigaset.net/apxml/rpc.do',
    rules: RULES,
    // The wiki's example is a file URL (`http://provider.com/xml/%MACD.xml`): the phone fetches it as is.
    urlKind: 'file',
    checkPhone: (mac, options) => {
      try {
        gigasetMacId(mac, options);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  },
  (rpc) => ({
    async register(mac, url, opts) {
      const id = gigasetMacId(mac, opts);
      // Whatever it says (not registered, another account's): registerDevice tells what matters.
      await rpc.ask('autoprov.deregisterDevice', [id]);
      const answer = await rpc.ask('autoprov.registerDevice', [id, url, PROVIDER_NAME]);
      if (!answer.success) throw rpc.failure('autoprov.registerDevice', answer);
    },
    async unregister(mac, opts) {
      const answer = await rpc.ask('autoprov.deregisterDevice', [gigasetMacId(mac, opts)]);
      if (!answer.success && answer.means !== 'absent') throw rpc.failure('autoprov.deregisterDevice', answer);
    },
    async lookup(mac, opts) {
      const id = gigasetMacId(mac, opts);
      const answer = await rpc.ask('autoprov.checkDevice', [id]);
      // PF: success, or a text that is the phone's own id, means registered to this account.
      const own = [id, id.slice(0, 12)].includes(answer.text.toUpperCase());
      if (answer.success || own) return { state: 'registered' };
      if (answer.means === 'absent' || answer.means === 'owned_by_other') return { state: answer.means };
      throw rpc.failure('autoprov.checkDevice', answer);
    },
    check: () => rpc.reach('autoprov.checkDevice', ['000000000000-0000']),
  }),
);
