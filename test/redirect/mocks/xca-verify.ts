/**
 * @module How the Yealink RPS mock checks a request's X-Ca signature the way the service does:
 * the key is known, the timestamp fresh, the nonce new, Content-MD5 is the md5 of the body bytes
 * received, and the signature recomputed from what arrived (method, headers, path, query).
 */
import type { ReceivedRequest } from '../support/mock-http.js';
import { xcaContentMd5, xcaSignature, xcaStringToSign } from '../../../src/redirect/xca.js';

/** NOTE(rps): Yealink's replay window (doc §1.3.6) is unread; the mock allows 15 minutes. */
export const XCA_WINDOW_MS = 15 * 60_000;

/** Why a request is refused (an error key the mock answers with), or undefined when it is good. */
export function xcaRefusal(req: ReceivedRequest, secrets: ReadonlyMap<string, string>, seenNonces: Set<string>, nowMs: number): string | undefined {
  const header = (name: string) => {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const key = header('X-Ca-Key');
  const secret = key === undefined ? undefined : secrets.get(key);
  if (secret === undefined) return 'auth.key.unknown';
  const timestamp = header('X-Ca-Timestamp') ?? '';
  if (!/^\d{13}$/.test(timestamp) || Math.abs(nowMs - Number(timestamp)) > XCA_WINDOW_MS) return 'auth.timestamp.expired';
  const nonce = header('X-Ca-Nonce') ?? '';
  if (!nonce || seenNonces.has(nonce)) return 'auth.nonce.used';
  seenNonces.add(nonce);
  const md5 = header('Content-MD5');
  if (req.body !== '' && md5 !== xcaContentMd5(Buffer.from(req.body, 'utf8'))) return 'auth.content.md5.mismatch';
  const system: Record<string, string> = { 'X-Ca-Key': key!, 'X-Ca-Nonce': nonce, 'X-Ca-Timestamp': timestamp };
  if (md5 !== undefined) system['Content-MD5'] = md5;
  const url = new URL(req.path, 'http://mock');
  const query = req.method === 'GET' ? Object.fromEntries(url.searchParams) : {};
  const expected = xcaSignature(secret, xcaStringToSign(req.method, system, url.pathname, query));
  return header('X-Ca-Signature') === expected ? undefined : 'auth.signature.invalid';
}
