/** @module Conditional requests of the phone path: does If-None-Match name the file's ETag? */

/** If-None-Match: `"x"`, `W/"x"`, a comma-separated list, or `*`. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header === etag) return true;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
