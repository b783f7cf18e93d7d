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
  const inputs = new Map<z.ZodType, SchemaObject>();
  const outputs = new Map<z.ZodType, SchemaObject>();
  const named = (title: string, body: SchemaObject): SchemaObject => {
    const existing = components[title];
    if (existing && JSON.stringify(existing) !== JSON.stringify(body)) throw new Error(`two different schemas are titled ${title}`);
    components[title] = body;
    return { $ref: `#/components/schemas/${title}` };
  };
  return {
    components,
    convert(schema, io) {
      // The same schema object is named by many operations (User, Phone, Error): convert it once per side.
      const key = io === 'input' ? inputs : outputs;
      const cached = key.get(schema);
      if (cached) return cached;
      const converted = convertOnce(schema, io);
      key.set(schema, converted);
      return converted;
    },
  };

  function convertOnce(schema: z.ZodType, io: Io): SchemaObject {
    const meta = z.globalRegistry.get(schema)?.title;
    // A schema used both as a body and as an answer may differ by side (defaults, strictness).
    const title = meta === undefined || !components[meta] || same(components[meta]!, schema, io) ? meta : `${meta}${io === 'input' ? 'Input' : 'Output'}`;
    const body = hoistDefs(toJsonSchema(schema, io), title, named);
    return title === undefined ? body : named(title, body);
  }
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

function same(existing: SchemaObject, schema: z.ZodType, io: Io): boolean {
  const { $defs: _d, ...rest } = toJsonSchema(schema, io);
  const { $defs: _e, ...known } = existing;
  return JSON.stringify(rest) === JSON.stringify(known);
}

/**
 * Moves `$defs` (recursive or reused parts) to components and points `#` (the schema itself) at
 * its component: inside an OpenAPI document both would resolve against the document root.
 * @throws Error when an untitled schema refers to itself (it has no component to point at)
 */
function hoistDefs(body: SchemaObject, title: string | undefined, named: (title: string, body: SchemaObject) => SchemaObject): SchemaObject {
  const { $defs: defs, ...rest } = body as SchemaObject & { $defs?: Record<string, SchemaObject> };
  const prefix = title ?? 'Inline';
  const rename = (key: string) => `${prefix}_${key.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const target = (ref: string): string => {
    if (ref.startsWith('#/$defs/')) return `#/components/schemas/${rename(ref.slice(8))}`;
    if (ref !== '#') return ref;
    if (title === undefined) throw new Error('a schema that refers to itself needs a title: .meta({ title })');
    return `#/components/schemas/${title}`;
  };
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? target(v) : rewrite(v)]));
  };
  for (const [key, def] of Object.entries(defs ?? {})) named(rename(key), rewrite(def) as SchemaObject);
  return rewrite(rest) as SchemaObject;
}
