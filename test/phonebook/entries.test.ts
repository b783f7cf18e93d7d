/** The phonebook's entries from users: who is listed, in which order, and what a name may hold. */
import { describe, expect, it } from 'vitest';
import { departmentKey, directoryOf } from '../../src/phonebook/entries.js';
import { DIRECTORY_USERS, HOSTILE_NAMES, storedUser } from '../helpers/directory-fixture.js';

describe('phonebook entries', () => {
  const entries = directoryOf(DIRECTORY_USERS).map((e) => e.entry);

  it('lists enabled users only, with the display name (else the account name) and their numbers', () => {
    expect(entries.map((e) => e.extension)).not.toContain('103'); // Disabled Dave
    expect(entries).toHaveLength(DIRECTORY_USERS.length - 1);
    expect(entries.find((e) => e.extension === '101')).toEqual({ extension: '101', name: 'Zoë Ölund', mobile: '+49 170 1234567', work: '+49 30 1234-0' });
    expect(entries.find((e) => e.extension === '104')).toEqual({ extension: '104', name: 'user4', mobile: null, work: null });
  });

  it('sorts by name as a reader expects (case and accents secondary), then by extension, whatever the input order', () => {
    const names = entries.map((e) => e.name);
    expect(names.indexOf('adam Smith')).toBeLessThan(names.indexOf('Ann & Bob'));
    expect(names.indexOf('Ann & Bob')).toBeLessThan(names.indexOf('user4'));
    expect(names.indexOf('user4')).toBeLessThan(names.indexOf('Zoë Ölund'));
    expect(directoryOf([...DIRECTORY_USERS].reverse()).map((e) => e.entry)).toEqual(entries);
    const twins = directoryOf([storedUser(20, { display_name: 'Sam' }), storedUser(11, { display_name: 'Sam' })]).map((e) => e.entry.extension);
    expect(twins).toEqual(['111', '120']);
  });

  it('turns a line break or other control character of a stored name into a space: no name opens a line', () => {
    const eve = entries.find((e) => e.extension === '107')!;
    expect(HOSTILE_NAMES[2]).toContain('\n');
    expect(eve.name).toBe('Eve Injected = 1');
    const odd = directoryOf([storedUser(30, {}, { display_name: 'a\r\nb\u2028c\u0085d\u0000e' })])[0]!.entry;
    expect(odd.name).toBe('a  b c d e');
    for (const e of entries) expect(`${e.name}${e.extension}${e.mobile ?? ''}${e.work ?? ''}`).not.toMatch(/[\r\n\u2028\u2029]/);
  });

  it('keeps markup and quotes as text (escaping is the XML renderer\'s job)', () => {
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining([HOSTILE_NAMES[0], HOSTILE_NAMES[1], HOSTILE_NAMES[3]]));
  });

  it('keys departments trimmed and case-insensitively; no department is a key of its own', () => {
    expect(departmentKey({ department: ' Sales ' })).toBe('sales');
    expect(departmentKey({ department: 'SALES' })).toBe(departmentKey({ department: 'sales' }));
    expect(departmentKey({})).toBe('');
  });
});
