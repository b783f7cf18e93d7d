/**
 * @module The Yealink XML-RPC family: Yealink's legacy "XML API for RPS" and its clones at Htek
 * and Akuvox (same `redirect.*` methods, same texts, rps-facts.md §2.1, §6, §7). One flow; what
 * differs between them (endpoint, MAC spelling, how a URL is bound to a MAC, the URL form the
 * phones need, extra texts) is a YealinkFamilyProfile. The texts a clone never documented are
 * Yealink's, assumed (listed in the README's RPS section as unverified).
 */
import { createHash } from 'node:crypto';
import { formatMac, type Mac, type MacFormat } from '../domain/mac.js';
import { RedirectError, type RedirectErrorKind, type RedirectServiceDefinition } from './types.js';
import { defineXmlRpcService, type RpcAnswer, type TextRule, type XmlRpcClient } from './xmlrpc-client.js';

/** What a family text means: an error kind, a checkDevice state, or a step of the flow. */
export type FamilyMeaning = RedirectErrorKind | 'registered' | 'absent' | 'existing' | 'server_exists';

export interface YealinkFamilyProfile {
  readonly id: string;
  readonly vendor: string;
  readonly defaultUrl: string;
  /** How the service wants the MAC spelled. */
  readonly macFormat: MacFormat;
  /** How a URL is bound to a MAC: set on the device itself, or through a named server. */
  readonly binding: keyof typeof BINDINGS;
  /** The URL the service must hold, from the folder URL given to register (what the phones fetch from it). */
  readonly urlForm: (url: string) => string;
  /** Texts only this vendor answers, tried after the family's. */
  readonly extraRules?: readonly TextRule<FamilyMeaning>[];
}

/** Label of the per-device URL call (Yealink wants a server name beside the URL; never looked up). */
export const UNIQUE_URL_SERVER_NAME = 'provd';

/**
 * The server name for a URL: a hash, so one URL is one server and a new URL a new one, within the
 * family's rule (at most 20 characters of `A-Za-z0-9._ -`).
 * @example serverNameFor('https://p.example/AbC/') // => 'provd-' + 14 hex digits
 */
export function serverNameFor(url: string): string {
  return `provd-${createHash('sha256').update(url).digest('hex').slice(0, 14)}`;
}

/**
 * The definition of one member of the family. Register binds the URL (never taking another
 * account's MAC without RegisterOptions.override); a MAC the service says is already this
 * account's ("Existing MAC(s)") is freed and bound again. Lookup cannot tell the URL (checkDevice
 * answers a word). check() calls checkDevice on a dummy MAC: any readable reply proves the login.
 */
export function yealinkFamilyService(profile: YealinkFamilyProfile): RedirectServiceDefinition {
  const bind = BINDINGS[profile.binding];
  const idOf = (mac: Mac) => formatMac(mac, profile.macFormat);
  const rules = [...FAMILY_RULES, ...(profile.extraRules ?? [])];
  // Every member takes a MAC over with the isOverride flag (Yealink: `registerDeviceWithUniqueUrl`'s last param).
  return defineXmlRpcService({ ...profile, rules, canOverride: true }, (rpc) => ({
    async register(mac, url, opts = {}) {
      const id = idOf(mac);
      const target = profile.urlForm(url);
      let bound = await bind(rpc, id, target, opts.override === true);
      if (bound.answer.means === 'existing') {
        // Ours already (bound elsewhere): free it and bind again, never by an override.
        await release(rpc, id);
        bound = await bind(rpc, id, target, opts.override === true);
      }
      if (!bound.answer.success || bound.answer.means === 'existing') throw rpc.failure(bound.method, bound.answer);
    },
    unregister: (mac) => release(rpc, idOf(mac)),
    async lookup(mac) {
      const state = await stateOf(rpc, idOf(mac));
      if (typeof state !== 'string') throw rpc.failure('redirect.checkDevice', state);
      return { state };
    },
    check: () => rpc.reach('redirect.checkDevice', [NO_DEVICE]),
  }));
}

// --- internal ---

type Rpc = XmlRpcClient<FamilyMeaning>;
type Bound = { readonly method: string; readonly answer: RpcAnswer<FamilyMeaning> };

const NO_DEVICE = '000000000000';

const FAMILY_RULES: readonly TextRule<FamilyMeaning>[] = [
  // checkDevice answers one of these words (PF maps exactly them, case-insensitively).
  { pattern: /^registered$/i, means: 'registered' },
  { pattern: /^(unregistered|unknown)$/i, means: 'absent' },
  { pattern: /registered elsewhere/i, means: 'owned_by_other' },
  // Htek/Akuvox doc: a MAC of another RPS account (retry with isOverride to take it).
  { pattern: /override mac/i, means: 'owned_by_other' },
  { pattern: /invalid mac/i, means: 'invalid_mac' },
  { pattern: /url can only begin with/i, means: 'invalid_url' },
  { pattern: /^(error:\s*)?existing mac/i, means: 'existing' },
  // NOTE(rps): addServer's text for a name already taken is undocumented; assumed to say so.
  { pattern: /server\b.*\b(already|exist)/i, means: 'server_exists' },
];

const flag = (override: boolean): string => (override ? '1' : '0');

const BINDINGS = {
  /** Yealink: `registerDeviceWithUniqueUrl(mac, serverName, url, override)` (FAL). */
  'unique-url': async (rpc: Rpc, mac: string, url: string, override: boolean): Promise<Bound> => {
    const method = 'redirect.registerDeviceWithUniqueUrl';
    return { method, answer: await rpc.ask(method, [mac, UNIQUE_URL_SERVER_NAME, url, flag(override)]) };
  },
  /** Htek, Akuvox: `addServer(name, url)` (kept when it exists), then `registerDevice(mac, name[, "1"])`. */
  'named-server': async (rpc: Rpc, mac: string, url: string, override: boolean): Promise<Bound> => {
    const name = serverNameFor(url);
    const added = await rpc.ask('redirect.addServer', [name, url]);
    if (!added.success && added.means !== 'server_exists') throw rpc.failure('redirect.addServer', added);
    const method = 'redirect.registerDevice';
    return { method, answer: await rpc.ask(method, override ? [mac, name, '1'] : [mac, name]) };
  },
} as const;

/** checkDevice read as a lookup state, or the answer when it is none of them. */
async function stateOf(rpc: Rpc, id: string): Promise<'registered' | 'absent' | 'owned_by_other' | RpcAnswer<FamilyMeaning>> {
  const answer = await rpc.ask('redirect.checkDevice', [id]);
  const m = answer.means;
  return m === 'registered' || m === 'absent' || m === 'owned_by_other' ? m : answer;
}

/**
 * deRegisterDevice; its failure texts for a MAC not held are undocumented, so a failure is
 * judged by checkDevice: absent is done, another account's MAC is `owned_by_other`.
 */
async function release(rpc: Rpc, id: string): Promise<void> {
  const answer = await rpc.ask('redirect.deRegisterDevice', [id]);
  if (answer.success) return;
  const state = await stateOf(rpc, id);
  if (state === 'absent') return;
  if (state === 'owned_by_other') throw new RedirectError('owned_by_other', `redirect.deRegisterDevice: ${answer.text} (checkDevice: registered elsewhere)`);
  throw rpc.failure('redirect.deRegisterDevice', answer);
}
