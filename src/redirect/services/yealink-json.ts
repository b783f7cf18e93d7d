/**
 * @module Yealink RPS through the JSON "open API" (X-Ca signature; rps-facts.md §2.2): the phone's
 * own URL as the device's `uniqueServerUrl`, under one server entry of ours per account.
 * NOTE(rps): Yealink's portal calls this API "historical"; YMCS v2 is current (follow-up).
 */
import { createHash } from 'node:crypto';
import type { Mac } from '../../domain/mac.js';
import { isRecord, malformed } from '../json-reply.js';
import { cachedUntilFailure } from '../memo.js';
import { RedirectError, type RedirectAccount, type RedirectClientOptions, type RedirectLookup, type RedirectService, type RedirectServiceDefinition } from '../types.js';
import { SERVICE, yealinkCall, type YealinkContext } from '../yealink-json/call.js';

const API = '/api/open/v1';
/** Already in this account: find the device and edit it instead. */
const EXISTED = 'device.mac.existed';
/** Unregistering a MAC the account does not hold succeeds (weak: key seen in one client). */
const NOT_FOUND = 'device.not.found';

/** Yealink RPS, JSON open API: account fields `access_key_id` / `access_key_secret`, optional `url`. */
export const yealinkJson: RedirectServiceDefinition = {
  id: 'yealink-json',
  vendor: 'yealink',
  credentials: 'access_key',
  defaultUrl: 'https://api-dm.yealink.com:8443',
  canOverride: false,
  urlKind: 'folder',
  create: createYealinkJsonService,
};

/**
 * The client. Registering sends `macs` + `serverId` + `uniqueServerUrl` (both ids: one weak client
 * omits serverId, whether Yealink accepts that is unverified). The API has no override: a MAC of
 * another enterprise stays `owned_by_other` whatever RegisterOptions.override says.
 */
export function createYealinkJsonService(account: RedirectAccount, options: RedirectClientOptions = {}): RedirectService {
  const { accessKeyId, accessKeySecret } = account;
  if (!accessKeyId || !accessKeySecret) throw new RedirectError('auth_failed', `${SERVICE}: the account has no access key`);
  const ctx: YealinkContext = { baseUrl: account.url ?? yealinkJson.defaultUrl, key: { accessKeyId, accessKeySecret }, timeoutMs: options.timeoutMs, now: options.now ?? Date.now };
  const serverName = serverNameOf(accessKeyId);
  const ensureServer = cachedUntilFailure((url: string) => findOrAddServer(ctx, serverName, url));

  return {
    id: yealinkJson.id,
    async register(mac, url) {
      const server = await ensureServer(url);
      const added = await yealinkCall(ctx, 'POST', `${API}/device/add`, { macs: [mac], serverId: server, uniqueServerUrl: url }, [EXISTED]);
      if (!added.refusal) return;
      const device = await findDevice(ctx, mac);
      if (!device) throw new RedirectError('unknown', `${SERVICE} says ${mac} is in the account but does not list it`);
      await yealinkCall(ctx, 'POST', `${API}/device/edit`, { id: device.id, serverId: server, uniqueServerUrl: url });
    },
    async unregister(mac) {
      await yealinkCall(ctx, 'POST', `${API}/device/delete`, { macs: [mac] }, [NOT_FOUND]);
    },
    lookup: (mac) => lookupDevice(ctx, mac),
    async check() {
      await yealinkCall(ctx, 'POST', `${API}/server/list`, { skip: 0, limit: 1 });
    },
  };
}

// --- internal ---

interface Device {
  readonly id: string;
  readonly mac: string;
}

/** checkMac says whether RPS knows the MAC at all; a MAC known but not in our list is another's. */
async function lookupDevice(ctx: YealinkContext, mac: Mac): Promise<RedirectLookup> {
  const { data } = await yealinkCall(ctx, 'GET', `${API}/device/checkMac`, { mac });
  const existed = isRecord(data) ? data.existed : data;
  if (typeof existed !== 'boolean') return malformed(SERVICE, JSON.stringify(data));
  if (!existed) return { state: 'absent' };
  const device = await findDevice(ctx, mac);
  if (!device) return { state: 'owned_by_other' };
  const detail = await yealinkCall(ctx, 'GET', `${API}/device/detail`, { id: device.id });
  const url = isRecord(detail.data) ? detail.data.uniqueServerUrl || detail.data.serverUrl : undefined;
  return typeof url === 'string' ? { state: 'registered', url } : { state: 'registered' };
}

/** device/list's `key` is a fuzzy search: keep the exact MAC only. */
async function findDevice(ctx: YealinkContext, mac: Mac): Promise<Device | undefined> {
  const { data } = await yealinkCall(ctx, 'POST', `${API}/device/list`, { skip: 0, limit: 50, autoCount: false, key: mac });
  return pageItems(data).find((d): d is Device & Record<string, unknown> => typeof d.id === 'string' && typeof d.mac === 'string' && sameMac(d.mac, mac));
}

async function findOrAddServer(ctx: YealinkContext, serverName: string, phoneUrl: string): Promise<string> {
  const { data } = await yealinkCall(ctx, 'POST', `${API}/server/list`, { skip: 0, limit: 50, autoCount: false, key: serverName });
  const found = pageItems(data).find((s) => s.serverName === serverName);
  if (typeof found?.id === 'string') return found.id;
  // The entry's own URL only matters for devices without a uniqueServerUrl: none of ours.
  const { protocol, host } = new URL(phoneUrl);
  const added = await yealinkCall(ctx, 'POST', `${API}/server/add`, { serverName, url: `${protocol}//${host}/` });
  if (isRecord(added.data) && typeof added.data.id === 'string') return added.data.id;
  return malformed(SERVICE, JSON.stringify(added.data));
}

/** A list endpoint's `data` is `{skip, limit, total, data: [...]}`. */
function pageItems(data: unknown): Record<string, unknown>[] {
  const items = isRecord(data) ? data.data : undefined;
  if (!Array.isArray(items)) return malformed(SERVICE, JSON.stringify(data));
  return items.filter(isRecord);
}

/** `00:15:65:12:31:23`, `001565123123` and upper case name one device. */
function sameMac(theirs: string, mac: Mac): boolean {
  return theirs.replace(/[^0-9a-f]/gi, '').toLowerCase() === mac;
}

/** Server names are at most 20 characters of `A-z 0-9 - _ .` (weak); one per access key. */
function serverNameOf(accessKeyId: string): string {
  return `provd-${createHash('sha256').update(accessKeyId).digest('hex').slice(0, 12)}`;
}
