/** @module Plain-text tables for list commands: a header, columns padded to their widest cell, `-` for an absent value. */
import type { CommandIo } from './io.js';

/** Writes `rows` under `columns` (field names, also the header) to stdout. */
export function printTable(io: CommandIo, columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): void {
  const cells = [columns.map((c) => c.toUpperCase()), ...rows.map((r) => columns.map((c) => cellText(r[c])))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  for (const row of cells) io.out(`${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}\n`);
}

function cellText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
