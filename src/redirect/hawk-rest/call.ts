/**
 * @module One Hawk-signed JSON call to SRAPS or GRAPE (rps-facts.md §4.2, §5.2): only to the
 * configured host (a link in a reply never sends our signed requests elsewhere), the payload hash
 * always sent (as Falconieri does; an empty-payload hash on GET/DELETE), failures mapped.
 */
import { hawkHeader, hawkNonce, hawkPayloadHash, type HawkCredentials } from '../hawk.js';
import { callService } from '../http.js';
import { parseJsonReply } from '../json-reply.js';
import { RedirectError } from '../types.js';
import { hawkRestRefusal } from './refusals.js';

export interface HawkRestContext {
  /** Names the service in messages, e.g. `Snom SRAPS`. */
  readonly service: string;
  /** The only origin requests may go to: the configured base URL's. */
  readonly origin: string;
  readonly credentials: HawkCredentials;
  readonly timeoutMs?: number;
  readonly now: () => number;
}

/** A 2xx reply (JSON, null when empty) or a 404, which callers read as "absent". */
export interface HawkRestReply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

/**
 * @throws RedirectError `unknown` when `url` is not on the configured origin, and every
 *   non-2xx/404 reply mapped by hawkRestRefusal
 */
export async function hawkRestCall(ctx: HawkRestContext, method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<HawkRestReply> {
  const target = new URL(url);
  if (target.origin !== ctx.origin) throw new RedirectError('unknown', `${ctx.service} pointed to another host (${target.host}): not followed`);
  const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
  const hash = bytes ? hawkPayloadHash('application/json', bytes) : hawkPayloadHash('', '');
  const authorization = hawkHeader(ctx.credentials, { method, url: target.href, ts: Math.floor(ctx.now() / 1000), nonce: hawkNonce(), hash });
  const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json' };
  if (bytes) headers['Content-Type'] = 'application/json';
  const reply = await callService({ method, url: target.href, headers, body: bytes, timeoutMs: ctx.timeoutMs, readStatuses: [403] });
  if (reply.status === 404) return { status: 404, headers: reply.headers, json: undefined };
  if (reply.status < 200 || reply.status >= 300) throw hawkRestRefusal(ctx.service, reply.status, reply.text);
  return { status: reply.status, headers: reply.headers, json: reply.text.trim() ? parseJsonReply(reply.text, ctx.service) : null };
}
