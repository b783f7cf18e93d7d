/**
 * @module The generated part of README.md: the lines between `<!-- vendors:begin -->` and
 * `<!-- vendors:end -->` (each marker alone on its line) hold the output of vendorTable, written by
 * `provd vendors table --write`. Everything outside the markers is left byte for byte as it was.
 */

export const BEGIN_MARKER = '<!-- vendors:begin -->';
export const END_MARKER = '<!-- vendors:end -->';

/** The command that regenerates the section (named by the drift test and the section's own note). */
export const REGENERATE_COMMAND = 'npx tsx src/main.ts vendors table --write';

/** The section text between the markers (without them), or an Error naming what is wrong. */
export function vendorSection(readme: string): string | Error {
  const bounds = markerBounds(readme);
  return bounds instanceof Error ? bounds : readme.slice(bounds.start, bounds.end);
}

/** `readme` with the section between the markers replaced by `table`, or an Error naming what is wrong. */
export function replaceVendorSection(readme: string, table: string): string | Error {
  const bounds = markerBounds(readme);
  return bounds instanceof Error ? bounds : readme.slice(0, bounds.start) + sectionBody(table) + readme.slice(bounds.end);
}

/** What goes between the markers for a given table: a note saying it is generated, then the table. */
export function sectionBody(table: string): string {
  return `<!-- Generated from templates/*/vendor.json by \`${REGENERATE_COMMAND}\`: do not edit by hand. -->\n${table}`;
}

// --- internal ---

/** Offsets of the section: just after the begin marker's line, up to the start of the end marker's line. */
function markerBounds(readme: string): { start: number; end: number } | Error {
  const begin = lineOf(readme, BEGIN_MARKER);
  const end = lineOf(readme, END_MARKER);
  if (begin.length !== 1 || end.length !== 1) {
    return new Error(`README must hold ${BEGIN_MARKER} and ${END_MARKER} once each, alone on a line (found ${begin.length} and ${end.length})`);
  }
  const start = begin[0]! + BEGIN_MARKER.length + 1;
  if (end[0]! < start) return new Error(`${END_MARKER} comes before ${BEGIN_MARKER}`);
  return { start, end: end[0]! };
}

/** Offsets of the lines that consist of exactly `marker`. */
function lineOf(text: string, marker: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
    const lineStart = at === 0 || text[at - 1] === '\n';
    const lineEnd = text[at + marker.length] === '\n';
    if (lineStart && lineEnd) found.push(at);
  }
  return found;
}
