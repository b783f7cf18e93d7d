/**
 * @module Free-form JSON fields (`office_hours`, the forward rules, `custom_options`): any shape,
 * but bounded in depth. A record nested 1,000 deep was accepted and stored (and broke SQLite's
 * JSON functions for every later list, issue 9); no real schedule needs more than a few levels.
 */
import { z } from 'zod';

/**
 * Deepest nesting a free-form field may have, counting the field's own object or array as 1:
 * `{"mon":{"from":"09:00"}}` is 2. Real office hours and forward rules use 2-4.
 */
export const FREE_JSON_MAX_DEPTH = 16;

/** The deepest nesting of a parsed JSON value (scalars 0), or `limit + 1` once it is deeper than `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit <= 0) return 1; // deeper than the limit: stop here, never recurse without bound
  let deepest = 0;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, jsonDepth(child, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/** Where JSON text first nests deeper than a limit: the top-level key it happens under (if any). */
export interface DepthExcess {
  readonly key: string | undefined;
}

/**
 * Scans JSON text (without parsing it) for nesting deeper than `limit`; undefined when it is not.
 * Linear and allocation-free, so it can run before JSON.parse on any text, however deep.
 */
export function findDepthExcess(text: string, limit: number): DepthExcess | undefined {
  let depth = 0;
  let keyStart = -1;
  let keyEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      // At depth 1 the last string before a nested value is that value's key.
      if (depth === 1) [keyStart, keyEnd] = [start, i + 1];
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return { key: keyStart < 0 ? undefined : decodeKey(text.slice(keyStart, keyEnd)) };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return undefined;
}

/** A free-form JSON object field, nested at most FREE_JSON_MAX_DEPTH levels. */
export const freeJsonObject = z.record(z.string(), z.unknown()).refine((v) => jsonDepth(v, FREE_JSON_MAX_DEPTH) <= FREE_JSON_MAX_DEPTH, {
  message: `must not be nested deeper than ${FREE_JSON_MAX_DEPTH} levels`,
});

/** A string holding JSON (any value), nested at most FREE_JSON_MAX_DEPTH levels. */
export const jsonText = z.string().superRefine((s, ctx) => {
  if (findDepthExcess(s, FREE_JSON_MAX_DEPTH)) {
    ctx.addIssue({ code: 'custom', message: `must not be nested deeper than ${FREE_JSON_MAX_DEPTH} levels` });
    return;
  }
  try {
    JSON.parse(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON string' });
  }
});

// --- internal ---

function decodeKey(quoted: string): string | undefined {
  try {
    const key: unknown = JSON.parse(quoted);
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined; // an unterminated string: the body is malformed anyway
  }
}
