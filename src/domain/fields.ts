/** @module Reusable field schemas and the one function that turns zod issues into field errors. */
import { z } from 'zod';
import { validationError, type FieldError } from '../errors.js';
import { parseMac, type Mac } from './mac.js';
import { canonicalTimezone } from './timezone.js';

// C0 controls and DEL: a newline in a value would start a second key in line-based vendor formats.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A single-line string: no control characters (so no CR/LF/NUL), at most `max` characters. */
export function line(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), { message: 'must not contain control characters or line breaks' });
}

/** A secret: single line, 1-128 characters. Never returned by GET, never logged. */
export const secret = line(128).min(1, 'must not be empty');

/** Any common MAC spelling, normalised to 12 lowercase hex digits. */
export const macField = z.string().transform((s, ctx): Mac => {
  const mac = parseMac(s);
  if (!mac) {
    ctx.addIssue({ code: 'custom', message: 'must be a unicast MAC address such as 00:15:65:aa:bb:cc' });
    return z.NEVER;
  }
  return mac;
});

/** An IANA zone name, returned in its conventional spelling (`europe/berlin` => `Europe/Berlin`). */
export const timezoneField = z.string().transform((s, ctx) => {
  const zone = canonicalTimezone(s);
  if (zone === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone name such as Europe/Berlin' });
    return z.NEVER;
  }
  return zone;
});

/** A BCP 47 language tag, returned in canonical case (`en-us` => `en-US`). */
export const bcp47Field = z.string().transform((s, ctx) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(s);
    if (canonical) return canonical;
  } catch {
    // fall through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as en-US' });
  return z.NEVER;
});

/** A digit string of `min`-`max` digits. */
export function digits(min: number, max: number) {
  return z.string().regex(new RegExp(`^[0-9]{${min},${max}}$`), `must be ${min}-${max} digits`);
}

/** VLAN id 1-4094 and 802.1p priority 0-7 (IEEE 802.1Q). */
export const vlanId = z.number().int('must be an integer').min(1, 'must be 1-4094').max(4094, 'must be 1-4094');
export const vlanPriority = z.number().int('must be an integer').min(0, 'must be 0-7').max(7, 'must be 0-7');

/**
 * The shape of a partial update: every field optional and without its default (an absent field
 * keeps its stored value). With `nullable`, `null` is accepted too (it clears the field).
 */
export function updateShape<T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<z.ZodType<z.output<T[K]>>> };
export function updateShape<T extends Record<string, z.ZodType>>(shape: T, nullable: true): { [K in keyof T]: z.ZodOptional<z.ZodNullable<z.ZodType<z.output<T[K]>>>> };
export function updateShape(shape: Record<string, z.ZodType>, nullable = false): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(shape).map(([k, s]) => {
      const inner = s instanceof z.ZodDefault ? (s.unwrap() as z.ZodType) : s;
      return [k, nullable ? inner.nullable().optional() : inner.optional()];
    })
  );
}

/**
 * Parses `input` with `schema`, or throws PROV_ERR_VALIDATION naming every bad field.
 * The single place where zod issues become our FieldError shape.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(toFieldErrors(result.error));
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // One error per unknown key, so each is named as a field of its own.
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'unknown field' }));
    }
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return [{ field: path.join('.') || '(body)', message }];
  });
}
