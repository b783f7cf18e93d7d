/**
 * @module Finding where a SRAPS/GRAPE account keeps its phones and which setting holds the
 * provisioning URL (rps-facts.md §4.2): `tokens/{id}` -> `links.company` -> `links.endpoints`, and
 * `settings/` paged by `Link: <…>; rel="next"` for the setting's uuid. Both are remembered per
 * client until a call fails.
 */
import { isRecord, malformed } from '../json-reply.js';
import { cachedUntilFailure } from '../memo.js';
import { RedirectError } from '../types.js';
import { hawkRestCall, type HawkRestContext } from './call.js';

export interface Discovery {
  /** The endpoint collection URL, ending with `/` (append the MAC). */
  endpoints(): Promise<string>;
  /** The uuid of the setting that holds the provisioning URL. */
  settingUuid(): Promise<string>;
}

/** More pages than any account has settings for: a loop of `next` links ends here. */
const MAX_PAGES = 50;

/** @param base the API base URL, ending with `/` */
export function createDiscovery(ctx: HawkRestContext, base: string, settingName: string): Discovery {
  return {
    endpoints: cachedUntilFailure(() => findEndpoints(ctx, base)),
    settingUuid: cachedUntilFailure(() => findSetting(ctx, base, settingName)),
  };
}

/** `tokens/{id}` of the access key; a 404 there means the service does not know the key. */
export async function readToken(ctx: HawkRestContext, base: string): Promise<Record<string, unknown>> {
  const reply = await hawkRestCall(ctx, 'GET', new URL(`tokens/${encodeURIComponent(ctx.credentials.id)}`, base).href);
  if (reply.status === 404) throw new RedirectError('auth_failed', `${ctx.service} does not know the access key`);
  return isRecord(reply.json) ? reply.json : malformed(ctx.service, JSON.stringify(reply.json));
}

// --- internal ---

async function findEndpoints(ctx: HawkRestContext, base: string): Promise<string> {
  const token = await readToken(ctx, base);
  const company = await follow(ctx, link(token, 'company', base), 'company');
  // NGCP builds `<company>/endpoints/` where Falconieri reads the link: accept both.
  const endpoints = link(company.json, 'endpoints', company.url) ?? `${company.url.replace(/\/?$/, '/')}endpoints/`;
  return new URL(endpoints).href.replace(/\/?$/, '/');
}

async function findSetting(ctx: HawkRestContext, base: string, settingName: string): Promise<string> {
  let url: string | undefined = new URL('settings/?page_size=1000', base).href;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const reply = await hawkRestCall(ctx, 'GET', url);
    if (!Array.isArray(reply.json)) return malformed(ctx.service, JSON.stringify(reply.json ?? null));
    const setting = reply.json.find((s) => isRecord(s) && s.param_name === settingName && typeof s.uuid === 'string');
    if (setting) return (setting as { uuid: string }).uuid;
    url = nextLink(reply.headers.get('link'), url);
  }
  throw new RedirectError('unknown', `${ctx.service} lists no setting named ${settingName}`);
}

async function follow(ctx: HawkRestContext, url: string | undefined, what: string): Promise<{ url: string; json: unknown }> {
  if (!url) throw new RedirectError('unknown', `${ctx.service} gave no ${what} link`);
  const reply = await hawkRestCall(ctx, 'GET', url);
  if (reply.status === 404) throw new RedirectError('unknown', `${ctx.service}: the ${what} link leads nowhere (HTTP 404)`);
  return { url, json: reply.json };
}

/** `links[name]`, resolved against the URL it came from (absolute in practice). */
function link(json: unknown, name: string, from: string): string | undefined {
  const value = isRecord(json) && isRecord(json.links) ? json.links[name] : undefined;
  return typeof value === 'string' && value ? new URL(value, from).href : undefined;
}

/** The `rel="next"` target of a Link header, e.g. `<https://…/settings/?page=2>; rel="next"`. */
function nextLink(header: string | null, from: string): string | undefined {
  for (const part of header?.split(',') ?? []) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel="?next"?/i.test(match[2]!)) return new URL(match[1]!, from).href;
  }
  return undefined;
}
