/**
 * @module The closed set of Handlebars helpers every vendor template may use. A vendor needing
 * more adds a generic helper here (with a test), never vendor-specific code.
 */

type Value = unknown;

/** Handlebars passes an options object last; these helpers ignore it. */
function args(list: Value[]): Value[] {
  return list.slice(0, -1);
}

export const HELPERS: Readonly<Record<string, (...a: Value[]) => Value>> = {
  /** `{{#if (eq a b)}}` strict equality. */
  eq: (...a) => { const [x, y] = args(a); return x === y; },
  ne: (...a) => { const [x, y] = args(a); return x !== y; },
  gt: (...a) => { const [x, y] = args(a); return Number(x) > Number(y); },
  lt: (...a) => { const [x, y] = args(a); return Number(x) < Number(y); },
  and: (...a) => args(a).every(Boolean),
  or: (...a) => args(a).some(Boolean),
  not: (...a) => !args(a)[0],
  /** `{{default phone.ringtone "Ring1.wav"}}`: the first value that is not null/undefined/''. */
  default: (...a) => args(a).find((v) => v !== null && v !== undefined && v !== '') ?? '',
  /** `{{bool phone.enable_lldp}}` => 1/0; `{{bool x "yes" "no"}}` => chosen strings. */
  bool: (...a) => {
    const [v, yes = 1, no = 0] = args(a);
    return v ? yes : no;
  },
  /** `{{join (list) ","}}` joins an array (nulls dropped). */
  join: (...a) => {
    const [list, sep = ','] = args(a);
    return Array.isArray(list) ? list.filter((x) => x !== null && x !== undefined).join(String(sep)) : '';
  },
  /** `{{pluck codecs "value"}}` => the array of one property of each element. */
  pluck: (...a) => {
    const [list, key] = args(a);
    return Array.isArray(list) ? list.map((x) => (x as Record<string, unknown>)[String(key)]) : [];
  },
  add: (...a) => args(a).reduce<number>((s, x) => s + Number(x), 0),
  sub: (...a) => { const [x, y] = args(a); return Number(x) - Number(y); },
  /** `{{mul time.utc_offset_minutes 60}}`: a product (offsets a vendor wants in seconds). */
  mul: (...a) => args(a).reduce<number>((p, x) => p * Number(x), 1),
  /**
   * `{{indexOf (pluck codecs "value") "G722"}}`: position of a value in an array, -1 when absent
   * or not an array (a vendor that ranks a fixed list of names: `add (indexOf ...) 1` = rank, 0 = off).
   */
  indexOf: (...a) => {
    const [list, x] = args(a);
    return Array.isArray(list) ? list.indexOf(x) : -1;
  },
  /** `{{length phone.door_password1}}`: characters of a string, elements of an array, else 0. */
  length: (...a) => {
    const [x] = args(a);
    return typeof x === 'string' || Array.isArray(x) ? x.length : 0;
  },
  lower: (...a) => String(args(a)[0] ?? '').toLowerCase(),
  upper: (...a) => String(args(a)[0] ?? '').toUpperCase(),
  /** `{{#each (range 1 model.lines)}}` => [1, 2, ..., n] (at most 256 items). */
  range: (...a) => {
    const [from, to] = args(a).map(Number) as [number, number];
    const out: number[] = [];
    for (let i = from; i <= to && out.length < 256; i++) out.push(i);
    return out;
  },
  /** `{{at codecs 0 "value"}}`: element i of an array (optionally one property of it), or ''. */
  at: (...a) => {
    const [list, i, key] = args(a);
    const el = Array.isArray(list) ? list[Number(i)] : undefined;
    if (el === undefined || el === null) return '';
    return key === undefined ? el : ((el as Record<string, unknown>)[String(key)] ?? '');
  },
};
