/**
 * @module Mock of Fanvil FDPS (XML-RPC): the Basic password is checked as hex md5(hex md5(the
 * account's password)); one account's server groups (the `cfgPf*` material) and devices bound to a
 * group, MACs of another account; a group that still has a device cannot be deleted (why the
 * clients deregister first). Texts typed; Falconieri's, with a space after `Error:` in its 2019
 * mapping and none in the flow's "not exist" texts, as seen. Unrecorded texts are marked assumed.
 */
import { createHash } from 'node:crypto';
import { macKey, REFUSED_MAC, startXmlRpcMock, type Credentials, type MockAnswer, type MockParam, type RedirectMock } from './xmlrpc-service.js';

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '1': 'ftp', '2': 'tftp', '4': 'http', '5': 'https' };
const MATERIAL_KEYS = ['cfgName', 'cfgPfMode', 'cfgDhcpOpt', 'cfgPnpEnable', 'cfgPfSrv', 'cfgPfName', 'cfgPfProt'];

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export async function startFanvilFdpsMock(credentials: Credentials): Promise<RedirectMock & { groups: Map<string, Record<string, string>> }> {
  const groups = new Map<string, Record<string, string>>();
  const devices = new Map<string, { owner: 'us' | 'other'; group: string }>();

  /** The MAC of a param, or FDPS's invalid-MAC answer. */
  const keyOf = (mac: MockParam | undefined): { key: string } | MockAnswer => {
    const key = macKey(String(mac));
    return key && key !== REFUSED_MAC ? { key } : [false, 'Error: mac_format_error'];
  };

  const mock = await startXmlRpcMock({
    username: credentials.username,
    password: md5(md5(credentials.password)),
    typed: true,
    methods: {
      'redirect.deRegisterDevice': ([mac]) => {
        const k = keyOf(mac);
        if (!('key' in k)) return k;
        if (devices.get(k.key)?.owner !== 'us') return [false, 'Error:device_not_exist'];
        devices.delete(k.key);
        return [true, 'OK'];
      },
      'redirect.deleteServer': ([name]) => {
        if (!groups.has(String(name))) return [false, 'Error:server_not_existed'];
        if ([...devices.values()].some((d) => d.owner === 'us' && d.group === name)) return [false, 'Error:server_has_device']; // assumed text
        groups.delete(String(name));
        return [true, 'OK'];
      },
      'redirect.addMaterialServer': ([material]) => {
        if (!Array.isArray(material)) return [false, 'Error: param_error']; // assumed text
        const cfg = Object.fromEntries(material.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
        if (!MATERIAL_KEYS.every((k) => k in cfg)) return [false, 'Error: param_error'];
        if (!/^[^\s/]+$/.test(cfg.cfgPfSrv!) || !PROTOCOL_NAMES[cfg.cfgPfProt!]) return [false, 'Error: url_format_error'];
        if (groups.has(cfg.cfgName!)) return [false, 'Error: server_had_existed']; // assumed text
        groups.set(cfg.cfgName!, cfg);
        return [true, 'OK'];
      },
      'redirect.registerDevice': ([mac, group]) => {
        const k = keyOf(mac);
        if (!('key' in k)) return k;
        if (devices.get(k.key)?.owner === 'other') return [false, 'Error: device_had_existed'];
        if (!groups.has(String(group))) return [false, 'Error:server_not_exist'];
        devices.set(k.key, { owner: 'us', group: String(group) });
        return [true, 'OK'];
      },
      'redirect.checkDevice': ([mac]) => {
        const k = keyOf(mac);
        if (!('key' in k)) return k;
        const owner = devices.get(k.key)?.owner;
        // Assumed (undocumented): ours OK, another's as on register, else not existing.
        return owner === 'us' ? [true, 'OK'] : [false, owner === 'other' ? 'Error: device_had_existed' : 'Error:device_not_exist'];
      },
    },
  });
  return {
    ...mock,
    groups,
    held(mac) {
      const device = devices.get(mac);
      const cfg = device?.owner === 'us' ? groups.get(device.group) : undefined;
      return cfg && `${PROTOCOL_NAMES[cfg.cfgPfProt!]}://${cfg.cfgPfSrv}/${cfg.cfgPfName}`;
    },
    ownByOther: (mac) => void devices.set(mac, { owner: 'other', group: 'their-group' }),
  };
}
