/**
 * @module What kind of value each field of an API schema takes, read from the zod schema itself
 * (the single source of truth): a CSV cell is text, so `TRUE` becomes a boolean, `[...]` /
 * `{...}` JSON, `12` a number, only where the schema says so; enum values are matched in any
 * case (PortSIP's own exports write `English` for `ENGLISH`).
 */
import type { z } from 'zod';
import type { FieldError } from '../../errors.js';

export type FieldKind =
  | { readonly kind: 'string' | 'boolean' | 'number' | 'json' }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

/** Field name -> kind, for every key of a zod object schema's shape. */
export function fieldKinds(shape: Readonly<Record<string, z.ZodType>>): ReadonlyMap<string, FieldKind> {
  return new Map(Object.entries(shape).map(([name, schema]) => [name, kindOf(schema)]));
}

/**
 * The record with every cell turned into the value its field takes. An empty cell is an absent
 * field; a cell that cannot be read is an issue naming the field (unknown fields stay, so the
 * schema names them).
 */
export function coerceCells(cells: Readonly<Record<string, string>>, kinds: ReadonlyMap<string, FieldKind>): { value: Record<string, unknown>; issues: FieldError[] } {
  const value: Record<string, unknown> = {};
  const issues: FieldError[] = [];
  for (const [field, raw] of Object.entries(cells)) {
    const text = raw.trim();
    if (text === '') continue;
    const kind = kinds.get(field) ?? { kind: 'string' };
    const converted = fromText(text, kind);
    if ('issue' in converted) issues.push({ field, message: converted.issue });
    else value[field] = converted.value;
  }
  return { value, issues };
}

/**
 * A JSON object (a phone of the `phones` column, a user of a JSON file) made to fit the schema:
 * empty strings and nulls are absent fields (PortSIP exports `"door_password1": ""`), enum values
 * take the schema's spelling.
 */
export function tidyObject(input: Readonly<Record<string, unknown>>, kinds: ReadonlyMap<string, FieldKind>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(input)) {
    if (v === '' || v === null) continue;
    const kind = kinds.get(field);
    out[field] = kind?.kind === 'enum' && typeof v === 'string' ? enumValue(v, kind.values) : v;
  }
  return out;
}

// --- internal ---

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function fromText(text: string, kind: FieldKind): { value: unknown } | { issue: string } {
  switch (kind.kind) {
    case 'boolean': {
      const t = text.toLowerCase();
      return TRUE.has(t) ? { value: true } : FALSE.has(t) ? { value: false } : { issue: 'must be TRUE or FALSE' };
    }
    case 'number':
      return Number.isFinite(Number(text)) ? { value: Number(text) } : { issue: 'must be a number' };
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch (err) {
        return { issue: `must be JSON (${(err as Error).message})` };
      }
    case 'enum':
      return { value: enumValue(text, kind.values) };
    default:
      return { value: text };
  }
}

function enumValue(text: string, values: readonly string[]): string {
  return values.find((v) => v.toLowerCase() === text.toLowerCase()) ?? text;
}

/** Unwraps optional/default/pipe wrappers down to the type the client sends. */
function kindOf(schema: z.ZodType): FieldKind {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; entries?: Record<string, string> } } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
    case 'readonly':
      return kindOf(def.innerType!);
    case 'pipe':
      return kindOf(def.in!);
    case 'boolean':
      return { kind: 'boolean' };
    case 'number':
    case 'int':
      return { kind: 'number' };
    case 'array':
    case 'object':
    case 'record':
      return { kind: 'json' };
    case 'enum':
      return { kind: 'enum', values: Object.values(def.entries ?? {}) };
    default:
      return { kind: 'string' };
  }
}
