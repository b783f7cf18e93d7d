/** The PROV_ERR_* registry and the README "Error codes" table list exactly the same codes and statuses. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, ProvError, validationError } from '../src/errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.split(/^## Error codes$/m)[1]?.split(/^## /m)[0] ?? '';
const documented = new Map(
  [...section.matchAll(/^\| `(PROV_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])])
);

describe('error registry', () => {
  it('documents every code in the README with its HTTP status', () => {
    for (const [code, spec] of Object.entries(ERRORS)) expect(documented.get(code), code).toBe(spec.status);
  });

  it('documents no code that does not exist', () => {
    for (const code of documented.keys()) expect(Object.keys(ERRORS), code).toContain(code);
  });

  it('fills message placeholders and keeps status and code', () => {
    const err = new ProvError('PROV_ERR_MAC_TAKEN', ['001565aabbcc']);
    expect(err.message).toBe('MAC 001565aabbcc is already registered');
    expect(err.status).toBe(409);
    expect(err.code).toBe('PROV_ERR_MAC_TAKEN');
  });

  it('names every bad field in a validation error message', () => {
    const err = validationError([{ field: 'mac', message: 'bad' }, { field: 'codecs.1', message: 'duplicate' }]);
    expect(err.status).toBe(400);
    expect(err.message).toContain('mac: bad');
    expect(err.message).toContain('codecs.1: duplicate');
    expect(err.errors).toHaveLength(2);
  });
});
