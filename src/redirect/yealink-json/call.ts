/**
 * @module One signed call to Yealink's RPS JSON open API: the X-Ca headers over the exact bytes
 * sent, and the `{ret, data, error}` envelope read (ret < 0 or HTTP non-2xx = failure, mapped by
 * yealinkRefusalKind). rps-facts.md §2.2.
 */
import { callService } from '../http.js';
import { isRecord, malformed, parseJsonReply } from '../json-reply.js';
import { RedirectError } from '../types.js';
import { xcaHeaders, xcaStamp, type XcaKey } from '../xca.js';
import { yealinkRefusalKind } from './refusals.js';

/** Names the service in messages. */
export const SERVICE = 'Yealink RPS';

export interface YealinkContext {
  /** Origin (and optional path prefix) of the API, e.g. `https://api-dm.yealink.com:8443`. */
  readonly baseUrl: string;
  readonly key: XcaKey;
  readonly timeoutMs?: number;
  readonly now: () => number;
}

/** A refusal the caller handles itself (`device.mac.existed` on add) instead of an error. */
export interface YealinkAnswer {
  readonly data: unknown;
  /** The error key of a tolerated refusal; undefined on success. */
  readonly refusal?: string;
}

/**
 * POSTs `params` as compact JSON, or GETs them as the query (signed decoded, sent encoded).
 * @param tolerated error keys answered as `{ refusal }` rather than thrown
 * @throws RedirectError every other failure, mapped
 */
export async function yealinkCall(
  ctx: YealinkContext,
  method: 'GET' | 'POST',
  path: string,
  params: Readonly<Record<string, unknown>>,
  tolerated: readonly string[] = [],
): Promise<YealinkAnswer> {
  const url = new URL(ctx.baseUrl.replace(/\/+$/, '') + path);
  const query = method === 'GET' ? stringParams(params) : undefined;
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  const body = method === 'POST' ? Buffer.from(JSON.stringify(params), 'utf8') : undefined;
  const signed = xcaHeaders(ctx.key, { method, path: url.pathname, query, body }, xcaStamp(ctx.now()));
  const headers: Record<string, string> = { ...signed, Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json;charset=UTF-8';
  const reply = await callService({ method, url: url.href, headers, body, timeoutMs: ctx.timeoutMs });
  return readEnvelope(reply.status, reply.text, tolerated);
}

// --- internal ---

function readEnvelope(status: number, text: string, tolerated: readonly string[]): YealinkAnswer {
  const json = parseJsonReply(text, SERVICE);
  const ok = status >= 200 && status < 300;
  if (!isRecord(json) || typeof json.ret !== 'number') {
    if (ok) malformed(SERVICE, text);
    throw new RedirectError('unknown', `${SERVICE} answered HTTP ${status}`);
  }
  if (ok && json.ret >= 0) return { data: json.data };
  const words = errorWords(json.error ?? json.errors);
  const key = words[0] ?? '';
  if (tolerated.includes(key)) return { data: json.data, refusal: key };
  throw new RedirectError(yealinkRefusalKind(words), `${SERVICE} refused: ${words.join('; ') || `ret ${json.ret}, HTTP ${status}`}`);
}

/** The error's key first, then each field error as `field: msg`. */
function errorWords(error: unknown): string[] {
  if (!isRecord(error)) return [];
  const words = typeof error.msg === 'string' && error.msg ? [error.msg] : [];
  const fields = Array.isArray(error.fieldErrors) ? error.fieldErrors.filter(isRecord) : [];
  for (const f of fields) words.push([f.field, f.msg].filter((s) => typeof s === 'string' && s).join(': '));
  return words.filter(Boolean);
}

function stringParams(params: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}
