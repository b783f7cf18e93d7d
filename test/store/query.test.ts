/** List queries: the filter language (parseFilter), parameter checks (parseListQuery), applyQuery order. */
import { describe, expect, it } from 'vitest';
import { parseMac } from '../../src/domain/mac.js';
import { ProvError } from '../../src/errors.js';
import { parseFilter } from '../../src/store/filter-parser.js';
import { applyQuery, comparator, DEFAULT_TOP, matches, parseListQuery, type QueryableFields } from '../../src/store/query.js';

const FIELDS = ['name', 'age', 'enabled', 'mac', 'created_at', 'id'];
const Q: QueryableFields = {
  fields: FIELDS,
  search: ['name'],
  normalise: (field, value) => (field === 'mac' && typeof value === 'string' ? (parseMac(value) ?? value) : value),
};
const f = (text: string) => parseFilter(text, FIELDS);

/** The ProvError parseListQuery throws for `raw`. */
function queryError(raw: Record<string, unknown>): ProvError {
  try {
    parseListQuery(raw, Q);
  } catch (err) {
    expect(err).toBeInstanceOf(ProvError);
    return err as ProvError;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

describe('parseFilter', () => {
  it.each(['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const)('parses the comparison %s', (op) => {
    expect(f(`age ${op} 30`)).toStrictEqual({ op, field: 'age', value: 30 });
    expect(f(`name ${op.toUpperCase()} 'x'`)).toStrictEqual({ op, field: 'name', value: 'x' });
  });

  it.each(['startswith', 'endswith', 'contains'] as const)('parses the function %s', (op) => {
    expect(f(`${op}(name,'Al')`)).toStrictEqual({ op, field: 'name', value: 'Al' });
    expect(f(` ${op.toUpperCase()} ( name , 'Al' ) `)).toStrictEqual({ op, field: 'name', value: 'Al' });
  });

  it('parses literals: doubled quotes, negative and decimal numbers, true, false, null', () => {
    expect(f("name eq 'O''Brien'")).toStrictEqual({ op: 'eq', field: 'name', value: "O'Brien" });
    expect(f("name eq ''''")).toStrictEqual({ op: 'eq', field: 'name', value: "'" });
    expect(f("name eq ''")).toStrictEqual({ op: 'eq', field: 'name', value: '' });
    expect(f('age gt -1.5')).toStrictEqual({ op: 'gt', field: 'age', value: -1.5 });
    expect(f('enabled eq TRUE')).toStrictEqual({ op: 'eq', field: 'enabled', value: true });
    expect(f('enabled ne false')).toStrictEqual({ op: 'ne', field: 'enabled', value: false });
    expect(f('name eq null')).toStrictEqual({ op: 'eq', field: 'name', value: null });
    expect(f("name eq 'a and b or (c)'")).toStrictEqual({ op: 'eq', field: 'name', value: 'a and b or (c)' });
  });

  it('binds and tighter than or, and not tighter than and', () => {
    const a = { op: 'eq', field: 'age', value: 1 }, b = { op: 'eq', field: 'age', value: 2 }, c = { op: 'eq', field: 'age', value: 3 };
    expect(f('age eq 1 or age eq 2 and age eq 3')).toStrictEqual({ op: 'or', left: a, right: { op: 'and', left: b, right: c } });
    expect(f('age eq 1 and age eq 2 or age eq 3')).toStrictEqual({ op: 'or', left: { op: 'and', left: a, right: b }, right: c });
    expect(f('not age eq 1 and age eq 2')).toStrictEqual({ op: 'and', left: { op: 'not', expr: a }, right: b });
    expect(f('age eq 1 or age eq 2 or age eq 3')).toStrictEqual({ op: 'or', left: { op: 'or', left: a, right: b }, right: c });
  });

  it('honours parentheses', () => {
    const a = { op: 'eq', field: 'age', value: 1 }, b = { op: 'eq', field: 'age', value: 2 }, c = { op: 'eq', field: 'age', value: 3 };
    expect(f('(age eq 1 or age eq 2) and age eq 3')).toStrictEqual({ op: 'and', left: { op: 'or', left: a, right: b }, right: c });
    expect(f('not (age eq 1 or age eq 2)')).toStrictEqual({ op: 'not', expr: { op: 'or', left: a, right: b } });
    expect(f('((age eq 1))')).toStrictEqual(a);
  });

  it.each([
    ['unknown field', "nope eq 'x'", /unknown field nope/],
    ['missing value', 'name eq', /expected a value/],
    ['unknown operator', "name equals 'x'", /expected one of eq, ne/],
    ['unterminated string', "name eq 'abc", /unterminated string/],
    ['trailing text', "name eq 'a' 'b'", /unexpected text/],
    ['unbalanced parenthesis', "(name eq 'a'", /expected "\)"/],
    ['empty', '   ', /is empty/],
    ['bad character', "name eq 'a' ; drop", /unexpected character/],
    ['function with a number', 'contains(name, 5)', /needs a quoted string/],
    ['function on an unknown field', "contains(nope,'x')", /unknown field nope/],
    ['too deep', `${'('.repeat(40)}age eq 1${')'.repeat(40)}`, /nested too deeply/],
  ])('refuses %s', (_label, text, message) => {
    expect(() => f(text)).toThrow(message);
    const err = queryError({ filter: text });
    expect(err.code).toBe('PROV_ERR_QUERY_INVALID');
    expect(err.status).toBe(400);
    expect(err.errors[0]!.field).toBe('filter');
    expect(err.errors[0]!.message).toMatch(message);
  });
});

describe('parseListQuery', () => {
  it('defaults to no filter, skip 0, top 100, creation order', () => {
    expect(parseListQuery({}, Q)).toStrictEqual({ filter: undefined, search: undefined, searchFields: ['name'], orderby: [], skip: 0, top: DEFAULT_TOP });
    expect(parseListQuery({ filter: '', orderby: '', skip: '', top: '', search: '' }, Q)).toStrictEqual(parseListQuery({}, Q));
  });

  it('parses orderby, skip, top, search and normalises literals', () => {
    const q = parseListQuery({ orderby: 'name desc, age ASC,id', skip: '20', top: '1000', search: 'Al', filter: "mac eq '00:15:65:AA:BB:CC'" }, Q);
    expect(q.orderby).toStrictEqual([{ field: 'name', desc: true }, { field: 'age', desc: false }, { field: 'id', desc: false }]);
    expect(q).toMatchObject({ skip: 20, top: 1000, search: 'Al', filter: { op: 'eq', field: 'mac', value: '001565aabbcc' } });
  });

  it.each([
    [{ top: '0' }, 'top'],
    [{ top: '1001' }, 'top'],
    [{ top: '1.5' }, 'top'],
    [{ top: 'ten' }, 'top'],
    [{ skip: '-1' }, 'skip'],
    [{ skip: '1e3' }, 'skip'],
    [{ orderby: 'nope' }, 'orderby'],
    [{ orderby: 'name sideways' }, 'orderby'],
    [{ orderby: 'name,' }, 'orderby'],
    [{ search: 'x'.repeat(257) }, 'search'],
  ])('refuses %j naming %s', (raw, field) => {
    const err = queryError(raw);
    expect(err.code).toBe('PROV_ERR_QUERY_INVALID');
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0]!.field).toBe(field);
    expect(err.message).toContain(field);
  });

  it('reports every bad parameter at once', () => {
    const err = queryError({ filter: 'nope eq 1', top: '0', skip: '-1', orderby: 'x' });
    expect(err.errors.map((e) => e.field)).toStrictEqual(['filter', 'orderby', 'skip', 'top']);
  });
});

describe('applyQuery', () => {
  const rec = (id: string, created_at: string, extra: Record<string, unknown> = {}) => ({ id, created_at, ...extra });
  const records = [
    rec('b', '2025-01-02', { name: 'x', age: 2 }),
    rec('a', '2025-01-02', { name: 'x', age: 10 }),
    rec('c', '2025-01-01', { name: 'x' }),
    rec('d', '2025-01-03', { name: 'y', age: 2 }),
  ];
  const ids = (list: { id: string }[]) => list.map((r) => r.id);

  it('orders ties by created_at then id, whatever the input order (stable pages)', () => {
    const q = parseListQuery({ orderby: 'name' }, Q);
    const expected = ['c', 'a', 'b', 'd'];
    expect(ids(applyQuery(records, q).items)).toStrictEqual(expected);
    expect(ids(applyQuery([...records].reverse(), q).items)).toStrictEqual(expected);
    // desc reverses the named field only; ties still go by creation.
    expect(ids(applyQuery(records, parseListQuery({ orderby: 'name desc' }, Q)).items)).toStrictEqual(['d', 'c', 'a', 'b']);
  });

  it('sorts numbers numerically and absent values first (last when descending)', () => {
    expect(ids(applyQuery(records, parseListQuery({ orderby: 'age' }, Q)).items)).toStrictEqual(['c', 'b', 'd', 'a']);
    expect(ids(applyQuery(records, parseListQuery({ orderby: 'age desc' }, Q)).items)).toStrictEqual(['a', 'b', 'd', 'c']);
    expect(comparator([])(rec('z', '2025-01-01'), rec('a', '2025-01-02'))).toBeLessThan(0);
  });

  it('pages after filtering and counts every match', () => {
    const page = applyQuery(records, parseListQuery({ filter: "name eq 'x'", orderby: 'age', skip: '1', top: '1' }, Q));
    expect(page.count).toBe(3);
    expect(ids(page.items)).toStrictEqual(['b']);
  });

  it('treats null like absent for eq and never matches it with range operators', () => {
    expect(matches(f('age eq null'), { age: null })).toBe(true);
    expect(matches(f('age eq null'), {})).toBe(true);
    expect(matches(f('age ne null'), { age: 0 })).toBe(true);
    expect(matches(f('age lt 5'), {})).toBe(false);
    expect(matches(f('age ge null'), { age: 1 })).toBe(false);
    expect(matches(f('enabled eq 1'), { enabled: true })).toBe(false);
  });
});
