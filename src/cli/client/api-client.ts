/**
 * @module The CLI's HTTP client of the admin API: JSON in and out, bearer token, error answers
 * turned into ApiAnswerError (status, the API's code, message and field errors) and a connection
 * failure into PROV_ERR_CLI_API_UNREACHABLE. Keep-alive connections (http-call.ts), so many
 * requests in flight share a few connections.
 */
import { ProvError, type FieldError } from '../../errors.js';
import type { Connection } from './connection.js';
import { createHttpCaller, type HttpAnswer, type HttpCaller } from './http-call.js';

/** An error answer of the API, as the API gave it. */
export class ApiAnswerError extends ProvError {
  /** The HTTP status, e.g. 400. */
  readonly apiStatus: number;
  /** The API's own code, e.g. `PROV_ERR_MAC_TAKEN` (or `HTTP_<status>` when the body had none). */
  readonly apiCode: string;
  readonly apiMessage: string;

  constructor(status: number, code: string, message: string, errors: readonly FieldError[]) {
    super('PROV_ERR_CLI_API_ANSWER', [`${status} ${code}`, message], { errors });
    this.apiStatus = status;
    this.apiCode = code;
    this.apiMessage = message;
  }
}

/** A raw answer (rendered files, the CA): body text and content type. */
export interface RawAnswer {
  readonly body: string;
  readonly contentType: string;
}

export interface ApiClient {
  readonly api: string;
  /** GET `/api<path>` with query parameters (undefined ones left out); the parsed JSON. */
  get<T>(path: string, query?: Readonly<Record<string, string | number | boolean | undefined>>): Promise<T>;
  /** POST/PATCH/DELETE `/api<path>` with a JSON body; the parsed JSON (undefined for 204). */
  send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** GET `/api<path>` answered as text (not JSON). */
  raw(path: string): Promise<RawAnswer>;
  /** Closes idle connections; call when done. */
  close(): void;
}

/** Builds the client; `caller` is the HTTP layer (default: node:http with keep-alive). */
export function createApiClient(connection: Connection, caller: HttpCaller = createHttpCaller()): ApiClient {
  const headers = (json: boolean): Record<string, string> => ({
    Accept: json ? 'application/json' : '*/*',
    ...(connection.token === undefined ? {} : { Authorization: `Bearer ${connection.token}` }),
  });
  const call = async (method: string, path: string, body?: unknown, json = true): Promise<HttpAnswer> => {
    let res: HttpAnswer;
    try {
      res = body === undefined
        ? await caller.call(method, `${connection.api}/api${path}`, headers(json))
        : await caller.call(method, `${connection.api}/api${path}`, { ...headers(json), 'Content-Type': 'application/json' }, JSON.stringify(body));
    } catch (err) {
      throw new ProvError('PROV_ERR_CLI_API_UNREACHABLE', [connection.api, (err as NodeJS.ErrnoException).code ?? (err as Error).message], { cause: err });
    }
    if (res.status < 200 || res.status > 299) throw answerError(res);
    return res;
  };
  return {
    api: connection.api,
    async get<T>(path: string, query: Readonly<Record<string, string | number | boolean | undefined>> = {}) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const qs = params.size > 0 ? `?${params}` : '';
      return JSON.parse((await call('GET', `${path}${qs}`)).text) as T;
    },
    async send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown) {
      const { text } = await call(method, path, body);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    async raw(path) {
      const res = await call('GET', path, undefined, false);
      return { body: res.text, contentType: String(res.headers['content-type'] ?? '') };
    },
    close: () => caller.close(),
  };
}

/** Every page of a list endpoint (`top` 1000, the API's maximum), in order. */
export async function listAll<T>(client: ApiClient, path: string, query: Readonly<Record<string, string | boolean | undefined>> = {}): Promise<T[]> {
  const items: T[] = [];
  for (let skip = 0; ; ) {
    const page = await client.get<{ count: number; items: T[] }>(path, { ...query, skip, top: 1000 });
    items.push(...page.items);
    skip += page.items.length;
    if (page.items.length === 0 || skip >= page.count) return items;
  }
}

// --- internal ---

function answerError(res: HttpAnswer): ApiAnswerError {
  const text = res.text;
  let body: { code?: unknown; message?: unknown; errors?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
  return new ApiAnswerError(res.status, typeof body.code === 'string' ? body.code : `HTTP_${res.status}`, typeof body.message === 'string' ? body.message : res.statusText, errors);
}
