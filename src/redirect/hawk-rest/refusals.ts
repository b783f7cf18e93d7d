/**
 * @module What a SRAPS/GRAPE error reply means, in the RedirectError vocabulary. The owned-by-other
 * texts are Falconieri's (rps-facts.md §4.2, V1); the statuses per case are undocumented, so
 * NOTE(rps): 403 without those texts = refused key, and a 400/422 naming the MAC or the URL
 * setting = invalid value (a Django-REST-style `{field: [messages]}` body) are assumptions kept here.
 */
import { isRecord } from '../json-reply.js';
import { RedirectError, type RedirectErrorKind } from '../types.js';

const OWNED_BY_OTHER = [/taken_mac_or_forbidden/i, /lacks permission to endpoint/i];
const INVALID_VALUE: readonly (readonly [RegExp, RedirectErrorKind])[] = [
  [/\bmac\b/i, 'invalid_mac'],
  [/url|settings_manager/i, 'invalid_url'],
];

/** The error for a reply of `status` (not 2xx, not 404) whose body is `text`. */
export function hawkRestRefusal(service: string, status: number, text: string): RedirectError {
  const said = wordsOf(text);
  const message = `${service} refused (HTTP ${status})${said ? `: ${said}` : ''}`;
  return new RedirectError(kindOf(status, text, said), message);
}

// --- internal ---

function kindOf(status: number, text: string, said: string): RedirectErrorKind {
  if (OWNED_BY_OTHER.some((p) => p.test(text))) return 'owned_by_other';
  if (status === 401 || status === 403) return 'auth_failed';
  if (status !== 400 && status !== 422) return 'unknown';
  return INVALID_VALUE.find(([pattern]) => pattern.test(said))?.[1] ?? 'unknown';
}

/** `message`, `error` or `detail` (Falconieri's order), else the field errors, else the raw text. */
function wordsOf(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return oneLine(text);
  }
  if (!isRecord(json)) return oneLine(text);
  const direct = [json.message, json.error, json.detail].find((v) => typeof v === 'string' && v);
  if (typeof direct === 'string') return oneLine(direct);
  return oneLine(Object.entries(json).map(([field, v]) => `${field}: ${Array.isArray(v) ? v.join(' ') : JSON.stringify(v)}`).join('; '));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
