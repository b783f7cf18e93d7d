/** @module The syntax check of a template text on its own (render/ is the only importer of Handlebars). */
import Handlebars from 'handlebars';

/** Why `text` is not a Handlebars template (templateErrorText), or undefined when it parses. */
export function templateSyntaxError(text: string): string | undefined {
  try {
    Handlebars.parse(text);
    return undefined;
  } catch (err) {
    return templateErrorText(err);
  }
}

/**
 * A Handlebars error as an admin reads it. Parse errors name the line and point at the column
 * (`Parse error on line 3: ... ----^`); the others (strict mode's `"x" not defined`, a block
 * closed by the wrong name) end in ` - L:C` and carry `lineNumber`/`column` (0-based), given
 * here as `(line L, column C+1)`.
 */
export function templateErrorText(err: unknown): string {
  const e = err as Error & { lineNumber?: number; column?: number };
  const message = String(e?.message ?? err);
  return typeof e?.lineNumber === 'number' ? `${message} (line ${e.lineNumber}, column ${(e.column ?? 0) + 1})` : message;
}
