/**
 * @module Characters no field may hold, anywhere (values and keys, free-form JSON included):
 * what XML 1.0 cannot carry and what is not well-formed Unicode. Grandstream, Snom and Fanvil
 * files are XML; a U+FFFE in a display name made files xmllint rejects, and a lone surrogate
 * became U+FFFD silently on its way to the store (issue 9).
 *
 * Refused:
 * - C0 controls except TAB, LF and CR (XML 1.0 `Char` excludes them); single-line fields
 *   (`line()` in fields.ts) refuse TAB, LF and CR as well.
 * - DEL and the C1 controls U+0080-U+009F: XML 1.0 allows them but discourages them (§2.2), XML
 *   1.1 needs them escaped, and in a name they are almost always mis-decoded Windows-1252.
 * - Lone surrogates (`"\ud800"` in JSON): not text, and not encodable in UTF-8.
 * - Noncharacters: U+FFFE and U+FFFF (outside XML's `Char`), U+FDD0-U+FDEF and the last two
 *   code points of every plane (U+1FFFE ...), which Unicode reserves for internal use.
 *
 * Everything else is accepted: emoji, CJK, combining marks, private use, `&<>"'` (templates escape).
 */
import type { FieldError } from '../errors.js';

/** One refused character (TAB, LF, CR excepted). `u`: a lone surrogate is its own code point. */
const REFUSED = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u;

/** At most this many bad strings are named in one answer. */
const MAX_ERRORS = 20;

/** Why `s` cannot be stored, or undefined when every character of it is allowed. */
export function textProblem(s: string): string | undefined {
  const m = REFUSED.exec(s);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return `must be well-formed Unicode: contains a lone surrogate (${name})`;
  if (cp <= 0x9f) return `must not contain the control character ${name}`;
  return `must not contain the noncharacter ${name}`;
}

/**
 * Every string in `value` (keys included) that holds a refused character, named by its path
 * (`office_hours.mon.0`; a bad key is named with the bad characters escaped). Iterative, so any
 * depth is safe; at most MAX_ERRORS are answered.
 */
export function findBadText(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  // Depth first, in document order; a bad key is checked in its place and its value skipped.
  const stack: { value: unknown; path: string; key?: true }[] = [{ value, path: '' }];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const { value: v, path, key } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) errors.push({ field: path || '(body)', message: key ? `key ${problem}` : problem });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [name, child] = entries[i]!;
        const bad = REFUSED.test(name);
        const childPath = path ? `${path}.${bad ? escapeRefused(name) : name}` : bad ? escapeRefused(name) : name;
        stack.push(bad ? { value: name, path: childPath, key: true } : { value: child, path: childPath });
      }
    }
  }
  return errors;
}

// --- internal ---

/** `a\uFFFEb` => `a\ufffeb` (as text), so an error names a bad key without repeating it. */
function escapeRefused(s: string): string {
  return s.replace(new RegExp(REFUSED.source, 'gu'), (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
