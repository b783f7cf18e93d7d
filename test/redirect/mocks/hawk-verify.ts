/**
 * @module How the SRAPS/GRAPE mock checks a request's Hawk header the way a Hawk server does: a
 * known id, a timestamp inside the window, a new nonce, the payload hash of the body and content
 * type received, and the MAC recomputed over what arrived (method, path and query, Host, port).
 */
import { hawkMac, hawkPayloadHash } from '../../../src/redirect/hawk.js';
import type { ReceivedRequest } from '../support/mock-http.js';

/** Hawk's default clock skew (README "Replay Protection"); SRAPS's own is undocumented. */
export const HAWK_WINDOW_S = 60;

/** Why the request is refused, or undefined when its Hawk header is good. */
export function hawkRefusal(req: ReceivedRequest, keys: ReadonlyMap<string, string>, seenNonces: Set<string>, nowMs: number): string | undefined {
  const attributes = parseHawk(String(req.headers.authorization ?? ''));
  if (!attributes) return 'no Hawk authorization header';
  const { id = '', ts = '', nonce = '', mac, hash, ext } = attributes;
  const key = keys.get(id);
  if (key === undefined) return 'unknown credentials';
  if (!/^\d+$/.test(ts) || Math.abs(nowMs / 1000 - Number(ts)) > HAWK_WINDOW_S) return 'stale timestamp';
  if (!nonce || seenNonces.has(`${id}:${nonce}`)) return 'invalid nonce';
  seenNonces.add(`${id}:${nonce}`);
  const contentType = String(req.headers['content-type'] ?? '');
  if (req.body !== '' && hash === undefined) return 'missing payload hash';
  if (hash !== undefined && hash !== hawkPayloadHash(contentType, req.body)) return 'bad payload hash';
  const url = `http://${String(req.headers.host)}${req.path}`;
  const expected = hawkMac(key, { method: req.method, url, ts: Number(ts), nonce, hash, ext });
  return mac === expected ? undefined : 'bad mac';
}

/** The key id of a request's Hawk header. */
export function hawkId(req: ReceivedRequest): string {
  return parseHawk(String(req.headers.authorization ?? ''))?.id ?? '';
}

// --- internal ---

function parseHawk(header: string): Record<string, string> | undefined {
  if (!header.startsWith('Hawk ')) return undefined;
  const attributes: Record<string, string> = {};
  for (const m of header.slice(5).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) attributes[m[1]!] = m[2]!.replace(/\\(.)/g, '$1');
  return attributes;
}
