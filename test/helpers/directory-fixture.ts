/**
 * @module Users for phonebook tests and the directory golden files: plain ones, one disabled, and
 * hostile display names (markup, `&`, quotes, a line break that a stored record from before the
 * field rules could hold).
 */
import { UserCreateSchema, type User } from '../../src/domain/user.js';
import { directoryOf } from '../../src/phonebook/entries.js';
import type { DirectoryEntry } from '../../src/render/directory.js';

const FIXED_TIME = '2026-01-01T00:00:00.000Z';

/** A stored user (schema defaults applied); `extra` may hold what the schema would refuse. */
export function storedUser(n: number, fields: Record<string, unknown>, extra: Partial<User> = {}): User {
  const parsed = UserCreateSchema.parse({ name: `user${n}`, extension_number: String(100 + n), extension_password: `Secret-${n}-pw`, ...fields });
  return { ...parsed, id: `u-${String(n).padStart(4, '0')}`, provision_token: `Tok3n${String(n).padStart(4, '0')}Tok3nTok3nTok3n`, created_at: FIXED_TIME, updated_at: FIXED_TIME, ...extra };
}

/** Names a phonebook must carry as text, never as markup or a new line. */
export const HOSTILE_NAMES = ['</Name><x>', 'Ann & Bob', 'Eve\nInjected = 1', `"Quoted" O'Neil`] as const;

export const DIRECTORY_USERS: readonly User[] = [
  storedUser(1, { display_name: 'Zoë Ölund', mobile_phone: '+49 170 1234567', work_phone: '+49 30 1234-0', department: 'Sales' }),
  storedUser(2, { display_name: 'adam Smith', department: 'sales' }),
  storedUser(3, { display_name: 'Disabled Dave', enabled: false }),
  storedUser(4, {}), // no display name: the account name is shown
  storedUser(5, { display_name: 'x' }, { display_name: HOSTILE_NAMES[0] }),
  storedUser(6, { display_name: HOSTILE_NAMES[1], mobile_phone: '0170 999' }),
  storedUser(7, { display_name: 'x' }, { display_name: HOSTILE_NAMES[2] }),
  storedUser(8, { display_name: HOSTILE_NAMES[3], department: 'Support' }),
];

/** The entries the golden directory files are rendered from. */
export const DIRECTORY: readonly DirectoryEntry[] = directoryOf(DIRECTORY_USERS).map((e) => e.entry);
