/**
 * @module Reading a JSON reply of a redirect service: parse or fail as `unknown` (a reply that
 * is not what the service documents), and the small record test the readers share.
 */
import { RedirectError } from './types.js';

/**
 * @param service names the service in the error (`Yealink RPS`), never a URL with credentials
 * @throws RedirectError `unknown` when `text` is not JSON
 */
export function parseJsonReply(text: string, service: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return malformed(service, text);
  }
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @throws RedirectError `unknown`, quoting the start of the reply */
export function malformed(service: string, text: string): never {
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 80);
  throw new RedirectError('unknown', `${service} sent a reply it does not document: ${JSON.stringify(excerpt)}`);
}
