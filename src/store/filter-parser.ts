/**
 * @module The `filter` expression language of list queries (an OData subset):
 * `field eq 'v'`, `ne gt ge lt le`, `and`, `or`, `not`, parentheses,
 * `startswith(field,'v')`, `endswith(field,'v')`, `contains(field,'v')`.
 * Literals: 'single-quoted' (a quote is doubled: 'O''Brien'), numbers, true, false, null.
 */

export type Literal = string | number | boolean | null;
export type Filter =
  | { readonly op: 'and' | 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly op: 'not'; readonly expr: Filter }
  | { readonly op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; readonly field: string; readonly value: Literal }
  | { readonly op: 'startswith' | 'endswith' | 'contains'; readonly field: string; readonly value: string };

const COMPARISONS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
const FUNCTIONS = ['startswith', 'endswith', 'contains'] as const;
/** Longest filter expression accepted, characters. */
export const FILTER_MAX_LENGTH = 2048;
/** Deepest nesting of parentheses and `not` accepted. */
export const FILTER_MAX_DEPTH = 32;

type Token = { kind: 'ident'; text: string } | { kind: 'literal'; value: Literal } | { kind: 'punct'; text: '(' | ')' | ',' };

/**
 * Parses a filter expression; every field must be in `fields`.
 * @throws Error with a message naming the problem (the caller turns it into PROV_ERR_QUERY_INVALID).
 */
export function parseFilter(text: string, fields: readonly string[]): Filter {
  if (text.length > FILTER_MAX_LENGTH) throw new Error(`must be at most ${FILTER_MAX_LENGTH} characters`);
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const isWord = (t: Token | undefined, w: string) => t?.kind === 'ident' && t.text.toLowerCase() === w;
  const expectPunct = (p: string) => {
    const t = next();
    if (t?.kind !== 'punct' || t.text !== p) throw new Error(`expected "${p}"`);
  };
  const fieldName = () => {
    const t = next();
    if (t?.kind !== 'ident') throw new Error('expected a field name');
    if (!fields.includes(t.text)) throw new Error(`unknown field ${t.text}`);
    return t.text;
  };
  const literal = () => {
    const t = next();
    if (t?.kind === 'literal') return t.value;
    if (isWord(t, 'true')) return true;
    if (isWord(t, 'false')) return false;
    if (isWord(t, 'null')) return null;
    throw new Error('expected a value (quoted string, number, true, false or null)');
  };

  const parseOr = (depth: number): Filter => {
    if (depth > FILTER_MAX_DEPTH) throw new Error('is nested too deeply');
    let left = parseAnd(depth);
    while (isWord(peek(), 'or')) {
      next();
      left = { op: 'or', left, right: parseAnd(depth) };
    }
    return left;
  };
  const parseAnd = (depth: number): Filter => {
    let left = parseUnary(depth);
    while (isWord(peek(), 'and')) {
      next();
      left = { op: 'and', left, right: parseUnary(depth) };
    }
    return left;
  };
  const parseUnary = (depth: number): Filter => {
    const t = peek();
    if (isWord(t, 'not')) {
      next();
      return { op: 'not', expr: parseUnary(depth + 1) };
    }
    if (t?.kind === 'punct' && t.text === '(') {
      next();
      const inner = parseOr(depth + 1);
      expectPunct(')');
      return inner;
    }
    const fn = t?.kind === 'ident' ? FUNCTIONS.find((f) => f === t.text.toLowerCase()) : undefined;
    if (fn && tokens[pos + 1]?.kind === 'punct') {
      next();
      expectPunct('(');
      const field = fieldName();
      expectPunct(',');
      const value = literal();
      if (typeof value !== 'string') throw new Error(`${fn} needs a quoted string`);
      expectPunct(')');
      return { op: fn, field, value };
    }
    const field = fieldName();
    const opTok = next();
    const op = opTok?.kind === 'ident' ? COMPARISONS.find((c) => c === opTok.text.toLowerCase()) : undefined;
    if (!op) throw new Error(`expected one of ${COMPARISONS.join(', ')} after ${field}`);
    return { op, field, value: literal() };
  };

  if (tokens.length === 0) throw new Error('is empty');
  const result = parseOr(0);
  if (pos !== tokens.length) throw new Error('has unexpected text after the expression');
  return result;
}

// --- internal ---

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('has an unterminated string');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ kind: 'literal', value });
    } else {
      const m = /^(-?\d+(?:\.\d+)?)(?![A-Za-z_])|^([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      if (!m) throw new Error(`has an unexpected character ${JSON.stringify(c)} at ${i}`);
      tokens.push(m[1] !== undefined ? { kind: 'literal', value: Number(m[1]) } : { kind: 'ident', text: m[2]! });
      i += m[0].length;
    }
  }
  return tokens;
}
