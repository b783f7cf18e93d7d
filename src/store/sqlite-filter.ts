/**
 * @module Translates a ListQuery (filter, search, orderby) into parametrised SQL over a JSON
 * column (`list_doc`), with the same results as `applyQuery()` in query.ts.
 *
 * How each part matches query.ts:
 * - A field is `json_extract(doc, '$.f')` with its JSON type from `json_type` ('absent' when the
 *   key is missing), so `eq true` does not match the number 1 and `eq 1` does not match '1'.
 * - eq/ne are exact and type-strict; `eq null` matches null and absent.
 * - gt/ge/lt/le never match null/absent or a null literal; a number field against a number
 *   literal compares numerically, anything else compares `String(v)` (via `prov_str`) as text.
 * - startswith/endswith/contains only match strings, case-insensitively with JavaScript's
 *   lowercasing (`prov_lower`), through LIKE with `\` escaping `%`, `_` and `\`.
 * - search: `String(v ?? '')` of any search field contains the needle, case-insensitively.
 * - orderby: SQLite sorts NULL first ascending and last descending, as comparator() does with
 *   absent values; then created_at, id. Text compares by UTF-8 bytes, which orders like
 *   JavaScript's UTF-16 comparison except between astral and U+E000-U+FFFF characters.
 * - The JSON column is `list_doc`, which holds only top-level scalars (sqlite-list-doc.ts): an
 *   object or array field reads as absent. Every field of every list is a scalar.
 * The SQL functions prov_lower/prov_str are registered in sqlite-schema.ts.
 */
import type { Filter } from './filter-parser.js';
import type { ListQuery } from './query.js';

/** A piece of SQL and the values of its `?` placeholders, in order. */
export interface SqlPart {
  readonly sql: string;
  readonly params: unknown[];
}

/** Where a resource's fields live: the JSON column, and fields kept in plain text columns. */
export interface FieldSource {
  /** SQL expression of the JSON document column, e.g. `p.doc`. */
  readonly doc: string;
  /** Fields read from a nullable TEXT column instead of the doc, e.g. `last_seen_at` -> `s.at`. */
  readonly columns?: Readonly<Record<string, string>>;
}

/** The WHERE condition of `query`'s filter and search (`1` when there is none). */
export function whereSql(query: ListQuery, src: FieldSource): SqlPart {
  const params: unknown[] = [];
  const parts: string[] = [];
  if (query.filter) parts.push(filterSql(query.filter, src, params));
  if (query.search !== undefined) parts.push(searchSql(query.search, query.searchFields, src, params));
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

/** The ORDER BY list (without the keywords): the query's fields, then `created_at`, `id`. */
export function orderSql(query: ListQuery, src: FieldSource, createdAt: string, id: string): string {
  const keys = query.orderby.map((o) => `${ref(o.field, src).value} ${o.desc ? 'DESC' : 'ASC'}`);
  return [...keys, `${createdAt} ASC`, `${id} ASC`].join(', ');
}

// --- internal ---

interface Ref {
  /** The SQL value (json_extract: JSON true/false become 1/0, arrays/objects JSON text). */
  readonly value: string;
  /** Never NULL: a json_type name, or 'absent'. */
  readonly type: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SQL_OPS = { gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

function ref(field: string, src: FieldSource): Ref {
  const column = src.columns?.[field];
  if (column !== undefined) return { value: column, type: `(CASE WHEN ${column} IS NULL THEN 'absent' ELSE 'text' END)` };
  // The parser only lets through fields of the resource's list, all identifiers; this check
  // keeps the JSON path (inlined, not bound, so SQLite sees a constant) safe regardless.
  if (!IDENT.test(field)) throw new Error(`not a field name: ${JSON.stringify(field)}`);
  const path = `'$.${field}'`;
  return { value: `json_extract(${src.doc}, ${path})`, type: `coalesce(json_type(${src.doc}, ${path}), 'absent')` };
}

/** JavaScript's String(v) of the field, NULL for null/absent. */
function textOf(r: Ref): string {
  return `(CASE ${r.type} WHEN 'text' THEN ${r.value} ELSE prov_str(${r.type}, ${r.value}) END)`;
}

function filterSql(f: Filter, src: FieldSource, params: unknown[]): string {
  switch (f.op) {
    case 'and':
    case 'or':
      return `(${filterSql(f.left, src, params)} ${f.op.toUpperCase()} ${filterSql(f.right, src, params)})`;
    case 'not':
      // Every condition built here is 0 or 1, never NULL, so NOT is the exact complement.
      return `(NOT ${filterSql(f.expr, src, params)})`;
    case 'startswith':
    case 'endswith':
    case 'contains': {
      const r = ref(f.field, src);
      const v = escapeLike(f.value.toLowerCase());
      params.push(f.op === 'startswith' ? `${v}%` : f.op === 'endswith' ? `%${v}` : `%${v}%`);
      return `(${r.type} = 'text' AND prov_lower(${r.value}) LIKE ? ESCAPE '\\')`;
    }
    case 'eq':
      return equalSql(ref(f.field, src), f.value, params);
    case 'ne':
      return `(NOT ${equalSql(ref(f.field, src), f.value, params)})`;
    default: {
      if (f.value === null) return '0';
      const r = ref(f.field, src), op = SQL_OPS[f.op];
      const textCompare = `(${r.type} NOT IN ('absent', 'null') AND ${textOf(r)} ${op} ?)`;
      if (typeof f.value !== 'number') {
        params.push(String(f.value));
        return textCompare;
      }
      params.push(f.value, String(f.value));
      return `(CASE WHEN ${r.type} IN ('integer', 'real') THEN ${r.value} ${op} ? ELSE ${textCompare} END)`;
    }
  }
}

function equalSql(r: Ref, value: string | number | boolean | null, params: unknown[]): string {
  if (value === null) return `(${r.type} IN ('absent', 'null'))`;
  if (typeof value === 'boolean') return `(${r.type} = '${value}')`;
  params.push(value);
  return typeof value === 'number' ? `(${r.type} IN ('integer', 'real') AND ${r.value} = ?)` : `(${r.type} = 'text' AND ${r.value} = ?)`;
}

function searchSql(needle: string, fields: readonly string[], src: FieldSource, params: unknown[]): string {
  if (fields.length === 0) return '0';
  const pattern = `%${escapeLike(needle.toLowerCase())}%`;
  const parts = fields.map((field) => {
    params.push(pattern);
    return `prov_lower(coalesce(${textOf(ref(field, src))}, '')) LIKE ? ESCAPE '\\'`;
  });
  return `(${parts.join(' OR ')})`;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
