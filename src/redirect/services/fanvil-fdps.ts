/**
 * @module Fanvil FDPS (XML-RPC, no public document; rps-facts.md §3): the per-device URL is one
 * FDPS server group per MAC, named after it, holding the URL split into Fanvil's auto-provision
 * fields (`cfgPf*`); registering rebuilds the group (deRegisterDevice, deleteServer,
 * addMaterialServer, registerDevice), the order of Falconieri's newer revision, because FDPS
 * refuses to delete a group that still has a device. FDPS wants the password as hex
 * md5(hex md5(password)) in the Basic header.
 */
import { createHash } from 'node:crypto';
import { formatMac, type Mac } from '../../domain/mac.js';
import { RedirectError, type RedirectErrorKind, type RedirectServiceDefinition } from '../types.js';
import { defineXmlRpcService, type TextRule, type XmlRpcClient } from '../xmlrpc-client.js';
import type { XmlRpcParam } from '../xmlrpc.js';

type Meaning = RedirectErrorKind | 'not_found';

/** Texts come as `Error: x` (2019 mapping) and `Error:x` (the flow's texts): both read alike. */
const RULES: readonly TextRule<Meaning>[] = [
  { pattern: /^Error:\s*url_format_error/i, means: 'invalid_url' },
  { pattern: /^Error:\s*mac_format_error/i, means: 'invalid_mac' },
  { pattern: /^Error:\s*device_had_existed/i, means: 'owned_by_other' },
  { pattern: /^Error:\s*(device|server)_not_exist(ed)?/i, means: 'not_found' },
];

/** `cfgPfProt` by URL scheme. */
const PROTOCOLS: Readonly<Record<string, string>> = { ftp: '1', tftp: '2', http: '4', https: '5' };

/** Hex md5 of hex md5: what FDPS checks as the account's password. */
export function fanvilPassword(password: string): string {
  const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
  return md5(md5(password));
}

/**
 * The group of a MAC for `addMaterialServer`: one array of `key=value` strings.
 * @example materialOf('001565AABBCC', 'https://p.example:8443/a/B/')
 * // => ['cfgName=001565AABBCC', 'cfgPfMode=1', 'cfgDhcpOpt=false', 'cfgPnpEnable=false',
 * //     'cfgPfSrv=p.example:8443', 'cfgPfName=a/B/', 'cfgPfProt=5']
 * @throws RedirectError `invalid_url` for a scheme FDPS cannot hand to a phone, or no host
 */
export function materialOf(group: string, url: string): string[] {
  // Split by hand, not by new URL(): the path must reach FDPS exactly as given.
  const parts = /^([a-z]+):\/\/([^/?#]+)\/?(.*)$/i.exec(url);
  const protocol = parts && PROTOCOLS[parts[1]!.toLowerCase()];
  if (!parts || !protocol) throw new RedirectError('invalid_url', 'FDPS takes an ftp, tftp, http or https URL with a host');
  return [`cfgName=${group}`, 'cfgPfMode=1', 'cfgDhcpOpt=false', 'cfgPnpEnable=false', `cfgPfSrv=${parts[2]}`, `cfgPfName=${parts[3]}`, `cfgPfProt=${protocol}`];
}

const idOf = (mac: Mac) => formatMac(mac, { upper: true });

export const fanvilFdpsService: RedirectServiceDefinition = defineXmlRpcService(
  { id: 'fanvil-fdps', vendor: 'fanvil', defaultUrl: 'http://fdps.fanvil.com/xmlrpc.php', rules: RULES, secret: fanvilPassword },
  (rpc) => ({
    async register(mac, url) {
      const id = idOf(mac);
      const material = materialOf(id, url);
      await clear(rpc, id);
      await expect(rpc, 'redirect.addMaterialServer', [material]);
      try {
        await expect(rpc, 'redirect.registerDevice', [id, id]);
      } catch (err) {
        // Do not leave an empty group behind (e.g. the MAC is another account's).
        await tolerate(rpc, 'redirect.deleteServer', [id]).catch(() => undefined);
        throw err;
      }
    },
    unregister: (mac) => clear(rpc, idOf(mac)),
    async lookup(mac) {
      // NOTE(rps): checkDevice's reply is undocumented; success = ours, the texts as for register.
      const answer = await rpc.ask('redirect.checkDevice', [idOf(mac)]);
      if (answer.success) return { state: 'registered' };
      if (answer.means === 'not_found') return { state: 'absent' };
      if (answer.means === 'owned_by_other') return { state: 'owned_by_other' };
      throw rpc.failure('redirect.checkDevice', answer);
    },
    check: () => rpc.reach('redirect.checkDevice', ['000000000000']),
  }),
);

// --- internal ---

type Rpc = XmlRpcClient<Meaning>;

/** The MAC's device and group gone (each step done when FDPS says it does not exist). */
async function clear(rpc: Rpc, id: string): Promise<void> {
  await tolerate(rpc, 'redirect.deRegisterDevice', [id]);
  await tolerate(rpc, 'redirect.deleteServer', [id]);
}

async function expect(rpc: Rpc, method: string, params: readonly XmlRpcParam[]): Promise<void> {
  const answer = await rpc.ask(method, params);
  if (!answer.success) throw rpc.failure(method, answer);
}

async function tolerate(rpc: Rpc, method: string, params: readonly XmlRpcParam[]): Promise<void> {
  const answer = await rpc.ask(method, params);
  if (!answer.success && answer.means !== 'not_found') throw rpc.failure(method, answer);
}
