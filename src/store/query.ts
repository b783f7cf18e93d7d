/**
 * @module List queries (`filter`, `search`, `orderby`, `skip`, `top`): parsing into a small AST,
 * and evaluation over plain records (memory and redis stores; sqlite translates the same AST).
 */
import { ProvError, type FieldError } from '../errors.js';
import { parseFilter, type Filter } from './filter-parser.js';

export type { Filter } from './filter-parser.js';

export interface OrderBy {
  readonly field: string;
  readonly desc: boolean;
}

/** A parsed list query; fields are already checked against the resource's list of fields. */
export interface ListQuery {
  readonly filter?: Filter;
  /** Case-insensitive substring looked for in the resource's search fields. */
  readonly search?: string;
  readonly searchFields: readonly string[];
  readonly orderby: readonly OrderBy[];
  readonly skip: number;
  readonly top: number;
}

/** Which fields of a resource can be filtered/ordered on and searched. */
export interface QueryableFields {
  readonly fields: readonly string[];
  readonly search: readonly string[];
  /** Normalises a literal compared with a field (e.g. any MAC spelling for `mac`). */
  readonly normalise?: (field: string, value: unknown) => unknown;
}

export const DEFAULT_TOP = 100;
export const MAX_TOP = 1000;

/**
 * Parses raw query-string values.
 * @throws ProvError PROV_ERR_QUERY_INVALID naming the bad parameter (unknown field, bad syntax, range).
 * @example parseListQuery({ filter: "vendor eq 'yealink'", orderby: 'mac desc', top: '10' }, PHONE_FIELDS)
 */
export function parseListQuery(raw: Record<string, unknown>, q: QueryableFields): ListQuery {
  const errors: FieldError[] = [];
  const str = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? (raw[k] as string) : undefined);
  let filter: Filter | undefined;
  const filterText = str('filter');
  if (filterText !== undefined) {
    try {
      filter = normaliseLiterals(parseFilter(filterText, q.fields), q);
    } catch (err) {
      errors.push({ field: 'filter', message: (err as Error).message });
    }
  }
  const orderby = parseOrderBy(str('orderby'), q.fields, errors);
  const skip = parseInteger(str('skip'), 0, 0, Number.MAX_SAFE_INTEGER, 'skip', errors);
  const top = parseInteger(str('top'), DEFAULT_TOP, 1, MAX_TOP, 'top', errors);
  const search = str('search');
  if (search !== undefined && search.length > 256) errors.push({ field: 'search', message: 'must be at most 256 characters' });
  if (errors.length) {
    throw new ProvError('PROV_ERR_QUERY_INVALID', [errors.map((e) => `${e.field}: ${e.message}`).join('; ')], { errors });
  }
  return { filter, search, searchFields: q.search, orderby, skip, top };
}

/** Applies a query to records in memory: filter, search, order, then skip/top. */
export function applyQuery<T extends object>(records: Iterable<T>, query: ListQuery): { count: number; items: T[] } {
  const matching: T[] = [];
  const needle = query.search?.toLowerCase();
  for (const r of records) {
    if (query.filter && !matches(query.filter, r)) continue;
    if (needle !== undefined && !query.searchFields.some((f) => String(field(r, f) ?? '').toLowerCase().includes(needle))) continue;
    matching.push(r);
  }
  matching.sort(comparator(query.orderby));
  return { count: matching.length, items: matching.slice(query.skip, query.skip + query.top) };
}

/** True when `record` satisfies `filter`. String functions are case-insensitive; eq/ne are exact. */
export function matches(filter: Filter, record: object): boolean {
  switch (filter.op) {
    case 'and':
      return matches(filter.left, record) && matches(filter.right, record);
    case 'or':
      return matches(filter.left, record) || matches(filter.right, record);
    case 'not':
      return !matches(filter.expr, record);
    case 'startswith':
    case 'endswith':
    case 'contains': {
      const v = field(record, filter.field);
      if (typeof v !== 'string') return false;
      const a = v.toLowerCase(), b = filter.value.toLowerCase();
      return filter.op === 'contains' ? a.includes(b) : filter.op === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    default: {
      const v = field(record, filter.field) ?? null;
      if (filter.op === 'eq') return v === filter.value;
      if (filter.op === 'ne') return v !== filter.value;
      if (v === null || filter.value === null) return false;
      const c = compareValues(v, filter.value);
      return filter.op === 'gt' ? c > 0 : filter.op === 'ge' ? c >= 0 : filter.op === 'lt' ? c < 0 : c <= 0;
    }
  }
}

/** Orders by the given fields, then by `created_at` and `id` so pages are stable. */
export function comparator(orderby: readonly OrderBy[]): (a: object, b: object) => number {
  const keys: OrderBy[] = [...orderby, { field: 'created_at', desc: false }, { field: 'id', desc: false }];
  return (a, b) => {
    for (const k of keys) {
      const c = compareValues(field(a, k.field), field(b, k.field));
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}

// --- internal ---

function field(record: object, name: string): unknown {
  return (record as Record<string, unknown>)[name];
}

/** Absent sorts first; numbers numerically; everything else as strings. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a), sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function normaliseLiterals(f: Filter, q: QueryableFields): Filter {
  if (f.op === 'and' || f.op === 'or') return { ...f, left: normaliseLiterals(f.left, q), right: normaliseLiterals(f.right, q) };
  if (f.op === 'not') return { ...f, expr: normaliseLiterals(f.expr, q) };
  if (!q.normalise || f.op !== 'eq' && f.op !== 'ne') return f;
  return { ...f, value: q.normalise(f.field, f.value) } as Filter;
}

function parseOrderBy(text: string | undefined, fields: readonly string[], errors: FieldError[]): OrderBy[] {
  if (text === undefined) return [];
  const out: OrderBy[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) errors.push({ field: 'orderby', message: `expected "field [asc|desc]", got ${JSON.stringify(part.trim())}` });
    else if (!fields.includes(m[1]!)) errors.push({ field: 'orderby', message: `unknown field ${m[1]}` });
    else out.push({ field: m[1]!, desc: m[2]?.toLowerCase() === 'desc' });
  }
  return out;
}

function parseInteger(text: string | undefined, dflt: number, min: number, max: number, name: string, errors: FieldError[]): number {
  if (text === undefined) return dflt;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    errors.push({ field: name, message: `must be an integer from ${min} to ${max}` });
    return dflt;
  }
  return n;
}
