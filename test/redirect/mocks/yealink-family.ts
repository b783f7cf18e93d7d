/**
 * @module Mocks of the Yealink XML-RPC family (Yealink legacy "XML API for RPS", Htek, Akuvox):
 * one account's devices (a per-device URL or a named server) and servers, MACs of another account,
 * the family's documented texts, untyped status texts (`<value>OK</value>`, Htek's example). The
 * vendors differ here only by the words of two texts. Texts no document shows are marked assumed.
 */
import { macKey, REFUSED_MAC, startXmlRpcMock, type Credentials, type MockAnswer, type MockParam, type RedirectMock } from './xmlrpc-service.js';

interface FamilyTexts {
  /** The register answer for a MAC held by another account (without the override flag). */
  readonly owned: string;
  readonly invalidMac: (mac: string) => string;
}

/** Yealink: only Falconieri's pattern of it is known (`^Error:[a-z0-9]{10}`); assumed words. */
const YEALINK: FamilyTexts = { owned: 'Error:9f3ab2c41d', invalidMac: (mac) => `Error:invalid mac(s):${mac}` };
/** Htek's document, word for word. */
const HTEK: FamilyTexts = { owned: 'Are you sure you want to override MAC addresses', invalidMac: (mac) => `Error:Invalid MAC(s):${mac}` };

/** A family mock, plus every bind it made for this account (a MAC set to a URL or server), in order. */
export interface FamilyMock extends RedirectMock {
  readonly binds: { readonly mac: string; readonly url: string | undefined }[];
}

export const startYealinkXmlRpcMock = (c: Credentials) => startFamilyMock(c, YEALINK);
export const startHtekMock = (c: Credentials) => startFamilyMock(c, HTEK);
/** Akuvox's texts are images in its document: the clone's (Htek) are assumed. */
export const startAkuvoxMock = (c: Credentials) => startFamilyMock(c, HTEK);

const URL_TEXT = "Error:The url can only begin with 'http://' or 'https://' or 'ftp://' or 'tftp://'";
const URL_RULE = /^(https?|ftp|tftp):\/\/\S+$/;
const SERVER_NAME_RULE = /^[A-Za-z0-9._ -]{1,20}$/;

type Device = { readonly owner: 'us' | 'other'; readonly url?: string; readonly server?: string };

async function startFamilyMock(credentials: Credentials, texts: FamilyTexts): Promise<FamilyMock> {
  const devices = new Map<string, Device>();
  const servers = new Map<string, string>();
  const binds: FamilyMock['binds'] = [];

  /** Binds a MAC for this account; another's only with override "1"; ours again is refused as existing. */
  const bind = (raw: MockParam | undefined, target: Omit<Device, 'owner'>, override: MockParam | undefined): MockAnswer => {
    const key = macKey(String(raw));
    if (!key || key === REFUSED_MAC) return [false, texts.invalidMac(String(raw))];
    const held = devices.get(key);
    if (held?.owner === 'other' && override !== '1') return [false, texts.owned];
    // Htek doc: "Existing MAC(s): mac" when the MAC is already this account's (assumed a failure).
    if (held?.owner === 'us' && override !== '1') return [false, `Existing MAC(s): ${String(raw)}`];
    devices.set(key, { owner: 'us', ...target });
    binds.push({ mac: key, url: target.url ?? servers.get(target.server ?? '') });
    return [true, 'OK'];
  };

  const mock = await startXmlRpcMock({
    ...credentials,
    typed: false,
    methods: {
      'redirect.registerDeviceWithUniqueUrl': ([mac, , url, override]) => (URL_RULE.test(String(url)) ? bind(mac, { url: String(url) }, override) : [false, URL_TEXT]),
      'redirect.addServer': ([name, url]) => {
        if (!SERVER_NAME_RULE.test(String(name))) return [false, "Error:the server name can only contain 'A-z 0-9 - _ . '(include space)"];
        if (!URL_RULE.test(String(url))) return [false, URL_TEXT];
        // Assumed text (undocumented): a name already taken.
        if (servers.has(String(name))) return [false, 'Error:The server name already exists'];
        servers.set(String(name), String(url));
        return [true, 'OK'];
      },
      'redirect.registerDevice': ([mac, name, override]) => (servers.has(String(name)) ? bind(mac, { server: String(name) }, override) : [false, 'Error: Invalid server']),
      'redirect.deRegisterDevice': ([mac]) => {
        const key = macKey(String(mac));
        if (!key || key === REFUSED_MAC) return [false, texts.invalidMac(String(mac))];
        if (devices.get(key)?.owner !== 'us') return [false, 'Error:device not registered']; // assumed text
        devices.delete(key);
        return [true, 'OK'];
      },
      'redirect.checkDevice': ([mac]) => {
        const key = macKey(String(mac));
        if (!key || key === REFUSED_MAC || key === '000000000000') return [false, 'Error:invalid mac'];
        const owner = devices.get(key)?.owner;
        return [true, owner === 'us' ? 'registered' : owner === 'other' ? 'registered elsewhere' : 'unregistered'];
      },
    },
  });
  return {
    ...mock,
    binds,
    held(mac) {
      const device = devices.get(mac);
      if (device?.owner !== 'us') return undefined;
      return device.url ?? servers.get(device.server ?? '');
    },
    ownByOther: (mac) => void devices.set(mac, { owner: 'other', url: 'https://elsewhere.example/' }),
  };
}
