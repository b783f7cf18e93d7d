/**
 * @module Mock of Snom's legacy XML-RPC redirection API (SRAPS): one account's MAC -> URL, MACs of
 * another account, the wiki's texts (`Ok`, `Error:owned_by_other_user`, `Error:malformed_url`,
 * `Error:malformed_mac`, `Error:no_such_mac`) typed as `<string>`, `getPhoneRedirection`'s
 * `[true, company, url]` and `network.echo`.
 */
import { macKey, REFUSED_MAC, startXmlRpcMock, type Credentials, type MockAnswer, type MockParam, type RedirectMock } from './xmlrpc-service.js';

const COMPANY = 'ACME Telecom';

export async function startSnomXmlRpcMock(credentials: Credentials): Promise<RedirectMock> {
  const phones = new Map<string, { owner: 'us' | 'other'; url: string }>();

  /** The phone of this account behind `mac`, or the failure Snom answers. */
  const ours = (mac: MockParam | undefined): { key: string } | MockAnswer => {
    const key = macKey(String(mac));
    if (!key || key === REFUSED_MAC) return [false, 'Error:malformed_mac'];
    const owner = phones.get(key)?.owner;
    if (owner === 'other') return [false, 'Error:owned_by_other_user'];
    return owner === 'us' ? { key } : [false, 'Error:no_such_mac'];
  };

  const mock = await startXmlRpcMock({
    ...credentials,
    typed: true,
    methods: {
      'redirect.registerPhone': ([mac, url]) => {
        const key = macKey(String(mac));
        if (!key || key === REFUSED_MAC) return [false, 'Error:malformed_mac'];
        if (!/^https?:\/\/\S+$/.test(String(url))) return [false, 'Error:malformed_url'];
        if (phones.get(key)?.owner === 'other') return [false, 'Error:owned_by_other_user'];
        phones.set(key, { owner: 'us', url: String(url) });
        return [true, 'Ok'];
      },
      'redirect.deregisterPhone': ([mac]) => {
        const phone = ours(mac);
        if (!('key' in phone)) return phone;
        phones.delete(phone.key);
        return [true, 'Ok'];
      },
      'redirect.checkPhone': ([mac]) => {
        const phone = ours(mac);
        return 'key' in phone ? [true, 'Ok'] : phone;
      },
      'redirect.getPhoneRedirection': ([mac]) => {
        const phone = ours(mac);
        return 'key' in phone ? [true, COMPANY, phones.get(phone.key)!.url] : phone;
      },
      'network.echo': ([text]) => ({ value: String(text) }),
    },
  });
  return {
    ...mock,
    held: (mac) => (phones.get(mac)?.owner === 'us' ? phones.get(mac)?.url : undefined),
    ownByOther: (mac) => void phones.set(mac, { owner: 'other', url: 'https://elsewhere.example/{mac}' }),
  };
}
