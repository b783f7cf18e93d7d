/**
 * @module Checks every row of an import before anything is written, with the API's own schemas
 * (a user matched by name is checked as an update, a new one as a create; the same for phones
 * matched by MAC), the server's vendors and models, and uniqueness within the file and against
 * the server (name, extension, MAC). The result says, per row, what to write (nothing for a user
 * or phone the file does not change) or what is wrong.
 */
import type { z } from 'zod';
import { toFieldErrors } from '../../domain/fields.js';
import { parseMac, type Mac } from '../../domain/mac.js';
import { PhoneCreateSchema, PhoneUpdateSchema } from '../../domain/phone.js';
import { userNameKey } from '../../domain/user-name.js';
import { UserCreateSchema, UserUpdateSchema } from '../../domain/user.js';
import type { FieldError } from '../../errors.js';
import type { ExistingData } from './existing.js';
import type { ImportRow } from './read-file.js';

export interface PlannedPhone {
  /** Its index in the row's `phones`, for messages (`phones[1].model`). */
  readonly index: number;
  readonly mac: Mac;
  readonly body: Record<string, unknown>;
  /** The existing phone's id (update), or undefined (create). */
  readonly id: string | undefined;
  /** An existing phone that already holds every value the file gives it: not written. */
  readonly unchanged: boolean;
}

export interface PlannedRow {
  readonly row: ImportRow;
  /** The existing user's id (update), or undefined (create). */
  readonly userId: string | undefined;
  /** An existing user that already holds every value the file gives it: not written. */
  readonly userUnchanged: boolean;
  readonly phones: readonly PlannedPhone[];
  /** Every problem of the row; a row with any is not written. */
  readonly issues: readonly FieldError[];
}

/** Plans every row; `existing` is what the server holds (existing.ts). */
export function planImport(rows: readonly ImportRow[], existing: ExistingData): PlannedRow[] {
  const names = new Map<string, number>();
  const extensions = new Map<string, number>();
  const macs = new Map<Mac, number>();
  return rows.map((row) => {
    const issues: FieldError[] = [...row.issues];
    const name = typeof row.user.name === 'string' ? row.user.name.normalize('NFC') : undefined;
    const key = name === undefined ? undefined : userNameKey(name);
    const matched = key === undefined ? undefined : existing.usersByKey.get(key);
    const userId = matched?.id;
    const user = checked(userId === undefined ? UserCreateSchema : UserUpdateSchema, row.user, '', issues);
    const userUnchanged = matched !== undefined && user !== undefined && holdsAll(matched.record, user);
    if (key !== undefined) firstSeen(names, key, row.line, 'name', issues);
    const ext = row.user.extension_number;
    if (typeof ext === 'string') {
      firstSeen(extensions, ext, row.line, 'extension_number', issues);
      const holder = existing.extensions.get(ext);
      if (holder !== undefined && holder !== userId) issues.push({ field: 'extension_number', message: `is in use by another user on the server` });
    }
    const phones = row.phones.flatMap((body, i) => planPhone(body, i, { userId, line: row.line, existing, macs, issues }));
    return { row, userId, userUnchanged, phones, issues };
  });
}

// --- internal ---

interface PhoneContext {
  readonly userId: string | undefined;
  readonly line: number;
  readonly existing: ExistingData;
  readonly macs: Map<Mac, number>;
  readonly issues: FieldError[];
}

function planPhone(body: Record<string, unknown>, index: number, ctx: PhoneContext): PlannedPhone[] {
  const { existing, issues } = ctx;
  const prefix = `phones[${index}].`;
  const mac = typeof body.mac === 'string' ? parseMac(body.mac) : undefined;
  const held = mac && existing.phonesByMac.get(mac);
  if (held && held.user_id !== ctx.userId) issues.push({ field: `${prefix}mac`, message: 'is registered to another user on the server' });
  if (mac) firstSeen(ctx.macs, mac, ctx.line, `${prefix}mac`, issues);
  const mine = held && held.user_id === ctx.userId ? held : undefined;
  const phone = checked(mine === undefined ? PhoneCreateSchema : PhoneUpdateSchema, body, prefix, issues);
  issues.push(...vendorIssues(body, prefix, existing));
  // The server keeps the vendor's spelling of the model (`t54w` -> `T54W`).
  const canonical = phone && typeof phone.model === 'string' ? { ...phone, model: existing.vendors.get(String(phone.vendor))?.models.get(phone.model.toLowerCase()) ?? phone.model } : phone;
  const unchanged = mine !== undefined && canonical !== undefined && holdsAll(mine.record, canonical);
  return mac ? [{ index, mac, body, id: mine?.id, unchanged }] : [];
}

function vendorIssues(body: Record<string, unknown>, prefix: string, existing: ExistingData): FieldError[] {
  if (typeof body.vendor !== 'string') return [];
  const vendor = existing.vendors.get(body.vendor.toLowerCase());
  if (!vendor) return [{ field: `${prefix}vendor`, message: `unknown vendor; known: ${[...existing.vendors.keys()].join(', ')}` }];
  const out: FieldError[] = [];
  if (typeof body.model === 'string' && !vendor.models.has(body.model.toLowerCase())) out.push({ field: `${prefix}model`, message: `not a model of vendor ${body.vendor.toLowerCase()}` });
  if (typeof body.filename === 'string' && !vendor.filenames.has(body.filename)) out.push({ field: `${prefix}filename`, message: `must be a template of vendor ${body.vendor.toLowerCase()} (GET /api/phone_models lists them; leave it empty for the model's own)` });
  return out;
}

/** The body as the API's schema reads it, or undefined with its issues added (fields prefixed). */
function checked(schema: z.ZodType, body: Record<string, unknown>, prefix: string, issues: FieldError[]): Record<string, unknown> | undefined {
  const result = schema.safeParse(body);
  if (result.success) return result.data as Record<string, unknown>;
  issues.push(...toFieldErrors(result.error).map((e) => ({ field: `${prefix}${e.field}`, message: e.message })));
  return undefined;
}

/** True when `record` has every field of `values` with the same value (objects compared key order aside). */
function holdsAll(record: Readonly<Record<string, unknown>>, values: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(values).every(([k, v]) => v === undefined || stable(record[k]) === stable(v));
}

/** JSON with object keys sorted, so `{a,b}` equals `{b,a}`. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v
  ) ?? 'undefined';
}

/** Records where `value` was first seen; a second row with it gets an issue naming that line. */
function firstSeen<K>(seen: Map<K, number>, value: K, line: number, field: string, issues: FieldError[]): void {
  const first = seen.get(value);
  if (first === undefined) seen.set(value, line);
  else issues.push({ field, message: `repeats line ${first}` });
}
