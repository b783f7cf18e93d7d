/**
 * @module zod schemas as OpenAPI 3.1 schema objects (JSON Schema 2020-12) through zod 4's own
 * `z.toJSONSchema`: a request body is documented by its input side, an answer by its output side.
 * A schema with a `title` in its metadata (`.meta({ title: 'UserView' })`) becomes a named
 * component referenced by `$ref`; the others are inlined.
 */
import { z } from 'zod';

/** A JSON Schema / OpenAPI schema object. */
export type SchemaObject = Record<string, unknown>;
export type Io = 'input' | 'output';

/** Converts schemas for one document and collects its named components. */
export interface SchemaConverter {
  /** The schema object for `schema` (a `$ref` when it is named). @throws Error when two different schemas share a title */
  convert(schema: z.ZodType, io: Io): SchemaObject;
  /** The named schemas seen so far, for `components.schemas`. */
  readonly components: Readonly<Record<string, SchemaObject>>;
}

export function createSchemaConverter(): SchemaConverter {
  const components: Record<string, SchemaObject> = {};
  const named = (title: string, body: SchemaObject): SchemaObject => {
    const existing = components[title];
    if (existing && JSON.stringify(existing) !== JSON.stringify(body)) throw new Error(`two different schemas are titled ${title}`);
    components[title] = body;
    return { $ref: `#/components/schemas/${title}` };
  };
  return {
    components,
    convert(schema, io) {
      const title = z.globalRegistry.get(schema)?.title;
      const body = hoistDefs(toJsonSchema(schema, io), title ?? 'Inline', named);
      return title === undefined ? body : named(title, body);
    },
  };
}

/**
 * One schema, without `$schema`. Where a transform makes the output unrepresentable (a MAC, a
 * time zone or a vendor id normalised), the output is documented by the input's shape: every
 * transform here turns a string into its canonical spelling.
 */
export function toJsonSchema(schema: z.ZodType, io: Io): SchemaObject {
  const out = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as { type: string; in?: z.ZodType; out?: { _zod: { def: { type: string } } } };
      if (io === 'output' && def.type === 'pipe' && def.in && def.out?._zod.def.type === 'transform') {
        Object.assign(ctx.jsonSchema, toJsonSchema(def.in, 'input'));
      }
    },
  }) as SchemaObject;
  delete out.$schema;
  return out;
}

// --- internal ---

/** Moves `$defs` (recursive or reused parts) to components, since `#/$defs/...` would resolve against the document root. */
function hoistDefs(body: SchemaObject, prefix: string, named: (title: string, body: SchemaObject) => SchemaObject): SchemaObject {
  const defs = body.$defs as Record<string, SchemaObject> | undefined;
  if (!defs) return body;
  const { $defs: _defs, ...rest } = body;
  const rename = (key: string) => `${prefix}_${key.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${rename(v.slice(8))}` : rewrite(v),
    ]));
  };
  for (const [key, def] of Object.entries(defs)) named(rename(key), rewrite(def) as SchemaObject);
  return rewrite(rest) as SchemaObject;
}
