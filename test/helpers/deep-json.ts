/** @module Deeply nested JSON for depth-limit tests (issue 9), as values and as text. */

/** `{"a":{"a":...leaf}}` with `depth` objects. */
export function nested(depth: number, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** The JSON text of `nested(depth)` with a numeric leaf, built without JSON.stringify (which overflows). */
export function nestedText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
