/**
 * @module Hawk request authentication (sha256), the client side Snom SRAPS and Gigaset GRAPE
 * require: a MAC over the timestamp, nonce, method, request URI, host, port, payload hash and
 * ext. The recipe is Hawk's README (rps-facts.md §4.3, whose two vectors the unit test replays).
 * Own code over node:crypto rather than npm `hawk`: the client side is these few lines, and
 * the package brings a server, Boom errors and its own clock handling we do not use.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export interface HawkCredentials {
  readonly id: string;
  readonly key: string;
}

export interface HawkRequest {
  readonly method: string;
  /** Absolute URL; its path and query are signed as sent, its host lower-cased. */
  readonly url: string;
  /** Unix time in **seconds**. */
  readonly ts: number;
  readonly nonce: string;
  /** Application data, signed and sent as is. */
  readonly ext?: string;
  /** The payload hash (hawkPayloadHash); omitted: no payload validation. */
  readonly hash?: string;
}

/**
 * base64(sha256("hawk.1.payload\n" + content type + "\n" + body + "\n")), the content type
 * lower-cased and without parameters (`application/json; charset=utf-8` -> `application/json`).
 */
export function hawkPayloadHash(contentType: string, body: string | Buffer): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return createHash('sha256').update(`hawk.1.payload\n${type}\n`).update(body).update('\n').digest('base64');
}

/** The normalized string of a header MAC; the port defaults to 443 (https) or 80. */
export function hawkNormalizedString(request: HawkRequest): string {
  const url = new URL(request.url);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const lines = ['hawk.1.header', String(request.ts), request.nonce, request.method.toUpperCase(), url.pathname + url.search, url.hostname.toLowerCase(), port, request.hash ?? '', request.ext ?? ''];
  return `${lines.join('\n')}\n`;
}

/** base64(HMAC-SHA256(key, normalized string)). */
export function hawkMac(key: string, request: HawkRequest): string {
  return createHmac('sha256', key).update(hawkNormalizedString(request)).digest('base64');
}

/**
 * The `Authorization` header value.
 * @example hawkHeader({ id, key }, { method: 'GET', url, ts: Math.floor(Date.now() / 1000), nonce: hawkNonce() })
 * // => 'Hawk id="…", ts="…", nonce="…", mac="…"'
 */
export function hawkHeader(credentials: HawkCredentials, request: HawkRequest): string {
  const attributes: [string, string | undefined][] = [
    ['id', credentials.id],
    ['ts', String(request.ts)],
    ['nonce', request.nonce],
    ['hash', request.hash],
    ['ext', request.ext],
    ['mac', hawkMac(credentials.key, request)],
  ];
  const present = attributes.filter((a): a is [string, string] => a[1] !== undefined);
  return `Hawk ${present.map(([name, value]) => `${name}="${quote(value)}"`).join(', ')}`;
}

/** A random nonce (12 bytes, URL-safe base64: only characters a Hawk header allows). */
export function hawkNonce(): string {
  return randomBytes(12).toString('base64url');
}

// --- internal ---

function quote(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
