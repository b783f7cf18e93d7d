/**
 * @module Mock of Gigaset's legacy redirect server (autoprov.* XML-RPC): phones named by MAC-ID
 * (`<MAC12 upper>-<code>`, the code checked against a stand-in for the label's check code), one
 * account's MAC-ID -> URL, MACs of another account, texts without `Error:` (`mac_invalid:`,
 * `mac_not_exist:`, `mac_already_in_use:`, `url_invalid:`, `name_invalid:`, `mac_not_found:`),
 * untyped. Registering a MAC-ID already held refuses (the clients deregister first).
 */
import { createHash } from 'node:crypto';
import { REFUSED_MAC, startXmlRpcMock, type Credentials, type MockAnswer, type MockParam, type RedirectMock } from './xmlrpc-service.js';

/** The mock's check code of a MAC (the real one is printed on the label; its rule is Gigaset's). */
export function gigasetLabelCode(mac: string): string {
  return createHash('sha1').update(mac.toUpperCase()).digest('hex').slice(0, 4).toUpperCase();
}

export async function startGigasetXmlRpcMock(credentials: Credentials): Promise<RedirectMock> {
  const devices = new Map<string, { owner: 'us' | 'other'; url: string }>();

  /** The MAC (lower) of a valid MAC-ID, or the text Gigaset answers. */
  const macOf = (macId: MockParam | undefined): { key: string } | MockAnswer => {
    const parts = /^([0-9A-F]{12})-([A-Z0-9]{4})$/.exec(String(macId));
    if (!parts) return [false, `mac_invalid:${String(macId)}`];
    const mac12 = parts[1]!;
    if (mac12.toLowerCase() === REFUSED_MAC) return [false, `mac_not_exist:${mac12}`];
    if (parts[2] !== gigasetLabelCode(mac12)) return [false, `mac_invalid:${mac12}`];
    return { key: mac12.toLowerCase() };
  };

  const mock = await startXmlRpcMock({
    ...credentials,
    typed: false,
    methods: {
      'autoprov.registerDevice': ([macId, url, provider]) => {
        const mac = macOf(macId);
        if (!('key' in mac)) return mac;
        if (!/^https?:\/\/\S+$/.test(String(url))) return [false, `url_invalid:${String(url)}`];
        if (!String(provider).trim()) return [false, `name_invalid:${String(provider)}`];
        if (devices.has(mac.key)) return [false, `mac_already_in_use:${mac.key.toUpperCase()}`];
        devices.set(mac.key, { owner: 'us', url: String(url) });
        return [true, 'ok'];
      },
      'autoprov.deregisterDevice': ([macId]) => {
        const mac = macOf(macId);
        if (!('key' in mac)) return mac;
        if (devices.get(mac.key)?.owner !== 'us') return [false, `mac_not_found:${mac.key.toUpperCase()}`];
        devices.delete(mac.key);
        return [true, 'ok'];
      },
      'autoprov.checkDevice': ([macId]) => {
        const mac = macOf(macId);
        if (!('key' in mac)) return mac;
        const owner = devices.get(mac.key)?.owner;
        if (owner === 'us') return [true, mac.key.toUpperCase()];
        // Assumed: another account's MAC reads as in use (undocumented for checkDevice).
        return [false, owner === 'other' ? `mac_already_in_use:${mac.key.toUpperCase()}` : `mac_not_found:${mac.key.toUpperCase()}`];
      },
    },
  });
  return {
    ...mock,
    held: (mac) => (devices.get(mac)?.owner === 'us' ? devices.get(mac)?.url : undefined),
    ownByOther: (mac) => void devices.set(mac, { owner: 'other', url: 'https://elsewhere.example/%MACD.xml' }),
  };
}
