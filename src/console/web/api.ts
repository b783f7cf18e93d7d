/**
 * @module The console's client of the admin API: bearer token on every call, JSON in and out,
 * and the API's error shape (`code`, `message`, `errors[]` naming fields) as an ApiError.
 */

/** One field the API named in an error. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An error answer of the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[]
  ) {
    super(message);
  }
}

/** A page of a list endpoint. */
export interface Page<T> {
  readonly count: number;
  readonly items: T[];
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** A non-JSON answer (a rendered file) as text. */
  text(path: string): Promise<string>;
  /** A binary answer (a QR image). */
  blob(path: string): Promise<Blob>;
}

/** `onUnauthorized` runs when the API refuses the token (401): the console signs out. */
export function createApi(token: string, onUnauthorized: () => void): Api {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json, */*' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    if (res.ok) return res;
    const error = await toApiError(res);
    if (res.status === 401) onUnauthorized();
    throw error;
  };
  return {
    get: async (path) => (await call('GET', path)).json(),
    send: async (method, path, body) => {
      const res = await call(method, path, body);
      return res.status === 204 ? (undefined as never) : res.json();
    },
    text: async (path) => (await call('GET', path)).text(),
    blob: async (path) => (await call('GET', path)).blob(),
  };
}

/** A query string from the values that are set. @example query({ top: 20, search: '' }) // '?top=20' */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A literal for the API's filter syntax: quotes doubled. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

// --- internal ---

async function toApiError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { code?: string; message?: string; errors?: FieldError[] };
    return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText, body.errors ?? []);
  } catch {
    return new ApiError(res.status, `HTTP_${res.status}`, res.statusText || 'request failed', []);
  }
}

/** An error as one line for the status bar: the API's message and code, or the error's message. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
