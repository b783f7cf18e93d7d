/** Free-form JSON fields: depth measured on values and on text, bounded at FREE_JSON_MAX_DEPTH (issue 9). */
import { describe, expect, it } from 'vitest';
import { FREE_JSON_MAX_DEPTH, findDepthExcess, jsonDepth } from '../../src/domain/free-json.js';
import { parseWith } from '../../src/domain/fields.js';
import { UserCreateSchema } from '../../src/domain/user.js';
import { ProvError } from '../../src/errors.js';
import { nested, nestedText } from '../helpers/deep-json.js';

const BASE = { name: 'alice', extension_number: '101', extension_password: 'ext-secret' };

function badFields(extra: Record<string, unknown>): string[] {
  try {
    parseWith(UserCreateSchema, { ...BASE, ...extra });
  } catch (err) {
    return (err as ProvError).errors.map((e) => e.field);
  }
  return [];
}

describe('jsonDepth', () => {
  it('counts each object or array as a level and scalars as none', () => {
    expect(jsonDepth(1, 16)).toBe(0);
    expect(jsonDepth({}, 16)).toBe(1);
    expect(jsonDepth({ mon: [{ from: '09:00' }] }, 16)).toBe(3);
    expect(jsonDepth(nested(16), 16)).toBe(16);
  });

  it('stops one level past the limit, however deep the value is', () => {
    expect(jsonDepth(nested(17), 16)).toBe(17);
    expect(jsonDepth(nested(100_000), 16)).toBe(17);
  });
});

describe('findDepthExcess', () => {
  it('finds nothing in text within the limit, brackets inside strings included', () => {
    expect(findDepthExcess(JSON.stringify(nested(5)), 5)).toBeUndefined();
    expect(findDepthExcess(JSON.stringify({ a: '[[[[[[[[', b: '\\"{{{{{{{{' }), 2)).toBeUndefined();
  });

  it('names the top-level key under which text first nests too deep, without parsing it', () => {
    const text = `{"name":"x","office_hours":${'['.repeat(120_000)}${']'.repeat(120_000)}}`;
    expect(findDepthExcess(text, 1024)).toEqual({ key: 'office_hours' });
    expect(findDepthExcess('['.repeat(2000), 1024)).toEqual({ key: undefined });
    expect(findDepthExcess(`{"k\\u00e9y":${JSON.stringify(nested(3))}}`, 3)).toEqual({ key: 'kéy' });
  });
});

describe('free-form user fields', () => {
  it(`accepts office hours, forward rules and custom options nested ${FREE_JSON_MAX_DEPTH} deep`, () => {
    const hours = nested(FREE_JSON_MAX_DEPTH);
    expect(badFields({ office_hours: hours, busy_no_answer_forward_rule: hours, custom_forward_rules: [{ hours }], custom_options: JSON.stringify(hours) })).toEqual([]);
  });

  it('refuses each free-form field nested deeper, naming it', () => {
    const deep = nested(FREE_JSON_MAX_DEPTH + 1);
    expect(badFields({ office_hours: nested(1000) })).toEqual(['office_hours']);
    expect(badFields({ dnd_office_hours_forward_rule: deep })).toEqual(['dnd_office_hours_forward_rule']);
    expect(badFields({ custom_forward_rules: [{}, { hours: deep }] })).toEqual(['custom_forward_rules.1.hours']);
    expect(badFields({ custom_options: nestedText(100_000) })).toEqual(['custom_options']);
  });
});
