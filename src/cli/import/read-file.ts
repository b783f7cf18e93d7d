/**
 * @module Reads an import file into rows: PortSIP's bulk-import CSV (one user per record, a
 * `phones` column holding a JSON array of phone objects; see the README "CLI") or a JSON array of
 * users each with `phones`. Every row keeps the line it starts on, so every problem can be named
 * by line and field. Nothing here talks to the API.
 */
import { parse } from 'csv-parse/sync';
import { nearest } from '../../config-names.js';
import { PhoneCreateSchema } from '../../domain/phone.js';
import { USER_FIELDS, USER_READ_ONLY, UserCreateSchema } from '../../domain/user.js';
import { ProvError, type FieldError } from '../../errors.js';
import { coerceCells, fieldKinds, tidyObject } from './field-kinds.js';
import { elementLines } from './json-lines.js';

/** One user of the file and its phones, as read (not yet validated). */
export interface ImportRow {
  /** 1-based line of the file the record starts on. */
  readonly line: number;
  /** The user's fields (no `phones`, no read-only fields). */
  readonly user: Record<string, unknown>;
  readonly phones: readonly Record<string, unknown>[];
  /** What could not be read (a cell that is not JSON, a phone that is not an object). */
  readonly issues: readonly FieldError[];
}

export interface ImportFile {
  readonly rows: readonly ImportRow[];
  /** Columns (keys) that are no user field: ignored, each named once. */
  readonly warnings: readonly string[];
}

const USER_KINDS = fieldKinds(UserCreateSchema.shape);
const PHONE_KINDS = fieldKinds(PhoneCreateSchema.shape);
const IGNORED = new Set<string>(USER_READ_ONLY);

/**
 * Parses `text` (the contents of `name`): JSON when the name ends in `.json` or the text starts
 * with `[`, else CSV with a header line.
 * @throws ProvError PROV_ERR_CLI_INPUT_INVALID when the file as a whole cannot be read
 */
export function readImportFile(name: string, text: string): ImportFile {
  const body = text.replace(/^\uFEFF/, '');
  return name.toLowerCase().endsWith('.json') || body.trimStart().startsWith('[') ? readJson(name, body) : readCsv(name, body);
}

// --- internal ---

function readCsv(name: string, text: string): ImportFile {
  let records: { record: Record<string, string>; raw: string; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, raw: true, skip_empty_lines: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new ProvError('PROV_ERR_CLI_INPUT_INVALID', [name, `${line === undefined ? '' : `line ${line}: `}${(err as Error).message}`], { cause: err });
  }
  const columns = records.length > 0 ? Object.keys(records[0]!.record) : [];
  const unknown = new Set(columns.filter((c) => c !== 'phones' && !USER_KINDS.has(c) && !IGNORED.has(c)));
  const rows = records.map(({ record, raw, info }) => {
    // raw: the record's text with blank lines before it and its line break after it.
    const inner = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
    const line = info.lines - (inner.match(/\n/g)?.length ?? 0);
    const { phones: phonesCell = '', ...cells } = record;
    const { value, issues } = coerceCells(knownOnly(cells, unknown), USER_KINDS);
    const phones = phonesOf(phonesCell.trim() === '' ? [] : parseJsonCell(phonesCell, issues), issues);
    return { line, user: value, phones, issues };
  });
  return { rows, warnings: warningsOf([...unknown]) };
}

function readJson(name: string, text: string): ImportFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ProvError('PROV_ERR_CLI_INPUT_INVALID', [name, (err as Error).message], { cause: err });
  }
  if (!Array.isArray(data)) throw new ProvError('PROV_ERR_CLI_INPUT_INVALID', [name, 'a JSON import file must be an array of users']);
  const lines = elementLines(text);
  const unknown = new Set<string>();
  const rows = data.map((item, i): ImportRow => {
    const line = lines[i] ?? 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return { line, user: {}, phones: [], issues: [{ field: '(user)', message: 'must be a JSON object' }] };
    const { phones = [], ...fields } = item as Record<string, unknown>;
    for (const k of Object.keys(fields)) if (!USER_KINDS.has(k) && !IGNORED.has(k)) unknown.add(k);
    const issues: FieldError[] = [];
    return { line, user: tidyObject(knownOnly(fields, unknown), USER_KINDS), phones: phonesOf(phones, issues), issues };
  });
  return { rows, warnings: warningsOf([...unknown]) };
}

function parseJsonCell(cell: string, issues: FieldError[]): unknown {
  try {
    return JSON.parse(cell);
  } catch (err) {
    issues.push({ field: 'phones', message: `must be a JSON array of phones (${(err as Error).message})` });
    return [];
  }
}

/** The phone objects of a `phones` value (one object alone counts as a list of one). */
function phonesOf(value: unknown, issues: FieldError[]): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? [value] : undefined;
  if (!list) {
    issues.push({ field: 'phones', message: 'must be a JSON array of phones' });
    return [];
  }
  const phones: Record<string, unknown>[] = [];
  list.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) issues.push({ field: `phones[${i}]`, message: 'must be a JSON object' });
    else phones.push(tidyObject(p as Record<string, unknown>, PHONE_KINDS));
  });
  return phones;
}

function knownOnly<T>(fields: Readonly<Record<string, T>>, unknown: ReadonlySet<string>): Record<string, T> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !unknown.has(k) && !IGNORED.has(k)));
}

function warningsOf(unknown: readonly string[]): string[] {
  return unknown.map((c) => {
    const guess = nearest(c, USER_FIELDS);
    return `column "${c}" is not a user field and is ignored${guess ? ` (did you mean ${guess}?)` : ''}`;
  });
}
