/**
 * @module Yealink's "X-Ca" request signature (RPS JSON open API): an HMAC-SHA256 over the method,
 * the system headers, the path and, for GET, the query. The recipe is rps-facts.md §2.2; the two
 * published vectors (FSPBX's "official" body and query examples) are reproduced by its unit test.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** What the signature covers. `body` is signed as these exact bytes (send the same bytes). */
export interface XcaRequest {
  readonly method: string;
  /** Path with its leading slash and without the query, e.g. `/api/open/v1/device/checkMac`. */
  readonly path: string;
  /** Query parameters, unencoded (they are signed decoded and sent encoded). */
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

export interface XcaKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** The per-request values; injectable so the published vectors can be replayed. */
export interface XcaStamp {
  /** Unix time in milliseconds (13 digits). */
  readonly timestamp: number;
  /** Random, never reused (32 hex digits, a UUID without dashes, in Yealink's examples). */
  readonly nonce: string;
}

/** base64(md5(body)): the `Content-MD5` header, over the exact bytes sent. */
export function xcaContentMd5(body: Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

/**
 * The string to sign: METHOD, the system headers sorted by name as `Name:value`, the path
 * without its leading `/`, and for a request with query parameters one more line of the
 * parameters sorted by key as `k=v` joined by `&` (a key with an empty value is just `k`).
 * Lines are joined by LF, with no trailing LF.
 * @param headers the system headers (`Content-MD5`, `X-Ca-Key`, `X-Ca-Nonce`, `X-Ca-Timestamp`)
 */
export function xcaStringToSign(method: string, headers: Readonly<Record<string, string>>, path: string, query: Readonly<Record<string, string>> = {}): string {
  const lines = [method.toUpperCase()];
  for (const name of Object.keys(headers).sort()) lines.push(`${name}:${headers[name]}`);
  lines.push(path.replace(/^\//, ''));
  const keys = Object.keys(query).sort();
  if (keys.length > 0) lines.push(keys.map((k) => (query[k] === '' ? k : `${k}=${query[k]}`)).join('&'));
  return lines.join('\n');
}

/** base64(HMAC-SHA256(secret, stringToSign)): the `X-Ca-Signature` header. */
export function xcaSignature(secret: string, stringToSign: string): string {
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('base64');
}

/** A fresh stamp: now (ms) and 16 random bytes as hex. */
export function xcaStamp(nowMs: number): XcaStamp {
  return { timestamp: nowMs, nonce: randomBytes(16).toString('hex') };
}

/**
 * The signed system headers of a request (`X-Ca-Key`, `X-Ca-Nonce`, `X-Ca-Timestamp`,
 * `X-Ca-Signature`, and `Content-MD5` when there is a body).
 * @example xcaHeaders({ accessKeyId, accessKeySecret }, { method: 'POST', path: '/api/open/v1/server/list', body }, xcaStamp(Date.now()))
 */
export function xcaHeaders(key: XcaKey, request: XcaRequest, stamp: XcaStamp): Record<string, string> {
  const system: Record<string, string> = {
    'X-Ca-Key': key.accessKeyId,
    'X-Ca-Nonce': stamp.nonce,
    'X-Ca-Timestamp': String(stamp.timestamp),
  };
  if (request.body !== undefined) system['Content-MD5'] = xcaContentMd5(request.body);
  const signature = xcaSignature(key.accessKeySecret, xcaStringToSign(request.method, system, request.path, request.query));
  return { ...system, 'X-Ca-Signature': signature };
}
