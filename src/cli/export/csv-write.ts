/** @module CSV text (RFC 4180) for `provd export`: PortSIP's spelling of values (TRUE/FALSE, JSON for lists and objects). */

/** One CSV line (CRLF ended) of `cells`. */
export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A value as a CSV cell: booleans TRUE/FALSE, objects and arrays JSON, quoted where needed. */
export function csvCell(value: unknown): string {
  const text =
    value === undefined || value === null ? '' : typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
