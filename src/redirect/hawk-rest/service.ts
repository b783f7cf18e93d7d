/**
 * @module The redirect client of the Hawk REST family (Snom SRAPS, Gigaset GRAPE: rps-facts.md
 * §4.2, §5.2): one flow, the vendors' differences as data (HawkRestFlavour). A phone is an
 * endpoint `<endpoints><mac>` whose provisioning-server setting holds the URL; PUT is idempotent,
 * so registering again replaces the URL.
 */
import type { Mac } from '../../domain/mac.js';
import { isRecord } from '../json-reply.js';
import { RedirectError, isRedirectError, type RedirectAccount, type RedirectClientOptions, type RedirectLookup, type RedirectService, type RedirectServiceDefinition, type RedirectUrlKind } from '../types.js';
import { hawkRestCall, type HawkRestContext } from './call.js';
import { createDiscovery, readToken } from './discovery.js';

/** What differs between the services of the family. */
export interface HawkRestFlavour {
  readonly id: string;
  readonly vendor: string;
  /** Names the service in messages. */
  readonly service: string;
  /** The API base (`…/api/v1/`). */
  readonly defaultUrl: string;
  /** `param_name` of the setting that holds the provisioning URL. */
  readonly settingName: string;
  /** Which URL of the phone the setting holds (default `folder`). */
  readonly urlKind?: RedirectUrlKind;
}

/** The RedirectServiceDefinition of one flavour. */
export function defineHawkRestService(flavour: HawkRestFlavour): RedirectServiceDefinition {
  return {
    id: flavour.id,
    vendor: flavour.vendor,
    credentials: 'access_key',
    defaultUrl: flavour.defaultUrl,
    // Neither API has a take-over: another company's MAC stays theirs.
    canOverride: false,
    urlKind: flavour.urlKind ?? 'folder',
    create: (account, options) => createHawkRestService(flavour, account, options),
  };
}

/**
 * The client. MACs go as lower-case MAC12 (Falconieri). There is no override in the API: a MAC of
 * another company stays `owned_by_other` whatever RegisterOptions.override says.
 */
export function createHawkRestService(flavour: HawkRestFlavour, account: RedirectAccount, options: RedirectClientOptions = {}): RedirectService {
  const { accessKeyId: id, accessKeySecret: key } = account;
  if (!id || !key) throw new RedirectError('auth_failed', `${flavour.service}: the account has no access key`);
  const base = (account.url ?? flavour.defaultUrl).replace(/\/?$/, '/');
  const ctx: HawkRestContext = { service: flavour.service, origin: new URL(base).origin, credentials: { id, key }, timeoutMs: options.timeoutMs, now: options.now ?? Date.now };
  const discovery = createDiscovery(ctx, base, flavour.settingName);
  const endpointOf = async (mac: Mac) => `${await discovery.endpoints()}${mac}`;

  return {
    id: flavour.id,
    async register(mac, url) {
      const endpoint = await endpointOf(mac);
      const setting = await discovery.settingUuid();
      const body = { mac, autoprovisioning_enabled: true, settings_manager: { [setting]: { value: url, attrs: { perm: 'RW' } } } };
      const reply = await hawkRestCall(ctx, 'PUT', endpoint, body);
      if (reply.status === 404) throw new RedirectError('unknown', `${flavour.service} has no endpoint collection for the account (HTTP 404)`);
    },
    async unregister(mac) {
      await hawkRestCall(ctx, 'DELETE', await endpointOf(mac));
    },
    async lookup(mac) {
      try {
        const reply = await hawkRestCall(ctx, 'GET', await endpointOf(mac));
        return reply.status === 404 ? { state: 'absent' } : registered(reply.json, await discovery.settingUuid());
      } catch (err) {
        if (isRedirectError(err) && err.kind === 'owned_by_other') return { state: 'owned_by_other' };
        throw err;
      }
    },
    async check() {
      await readToken(ctx, base);
    },
  };
}

// --- internal ---

/** NOTE(rps): the endpoint's shape is unverified; `settings_manager[uuid].value` as we PUT it. */
function registered(endpoint: unknown, setting: string): RedirectLookup {
  const settings = isRecord(endpoint) && isRecord(endpoint.settings_manager) ? endpoint.settings_manager : {};
  const entry = settings[setting];
  const url = isRecord(entry) ? entry.value : undefined;
  return typeof url === 'string' && url ? { state: 'registered', url } : { state: 'registered' };
}
