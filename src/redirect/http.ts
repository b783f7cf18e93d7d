/**
 * @module The one HTTP call every redirect client makes (node's fetch): a bounded time, a bounded
 * reply, and the transport-level failures mapped to the RedirectError vocabulary, so a service
 * file only reads replies that arrived.
 */
import { RedirectError } from './types.js';

export interface ServiceRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is: sign exactly these bytes. */
  readonly body?: string | Buffer;
  /** Whole call, connection to last byte (default 15 s). */
  readonly timeoutMs?: number;
  /**
   * 401/403 replies the service reads itself instead of `auth_failed`: SRAPS answers 403 both
   * for a refused key and for a MAC of another company, and only the body tells them apart.
   */
  readonly readStatuses?: readonly (401 | 403)[];
}

export interface ServiceReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Larger replies are cut off as `unknown`: no redirect service answers more for one MAC. */
const MAX_REPLY_BYTES = 1 << 20;
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Sends the request and reads the reply. Answers every 2xx-4xx reply except 401/403/429 (401/403
 * too when named in `readStatuses`) for the service to interpret (vendors put errors in 4xx bodies).
 * @throws RedirectError `unavailable` (network error, timeout, 5xx, 429), `auth_failed` (401, 403),
 *   `unknown` (reply too large)
 */
export async function callService(request: ServiceRequest): Promise<ServiceReply> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let res: Response;
  let text: string;
  try {
    res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await readBounded(res);
  } catch (err) {
    if (err instanceof RedirectError) throw err;
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(err);
    throw new RedirectError('unavailable', `${hostOf(request.url)}: ${why}`, { cause: err });
  }
  if ((res.status === 401 || res.status === 403) && !request.readStatuses?.includes(res.status)) throw new RedirectError('auth_failed', `${hostOf(request.url)} refused the credentials (HTTP ${res.status})${brief(text)}`);
  if (res.status === 429 || res.status >= 500) throw new RedirectError('unavailable', `${hostOf(request.url)} answered HTTP ${res.status}${brief(text)}`);
  return { status: res.status, headers: res.headers, text };
}

// --- internal ---

async function readBounded(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_REPLY_BYTES) throw new RedirectError('unknown', `reply of ${declared} bytes is too large`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_REPLY_BYTES) throw new RedirectError('unknown', `reply of ${body.length} bytes is too large`);
  return body.toString('utf8');
}

/** The error of a failed fetch, with its cause (ECONNREFUSED, ENOTFOUND, ...). */
function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the service';
  }
}

/** A short, single-line excerpt of a reply body for a message. */
function brief(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return line ? `: ${line}` : '';
}
