/**
 * @module The phonebook's entries from users (pure): enabled users only, each with its
 * department key for the `department` scope, sorted by name then extension.
 */
import type { User } from '../domain/user.js';
import type { DirectoryEntry } from '../render/directory.js';

/** An entry with what scoping needs (the department key is not shown to phones). */
export interface ScopedEntry {
  readonly entry: DirectoryEntry;
  readonly department: string;
}

/** Sorted like a printed phonebook: by name (case and accents secondary, digits as numbers), then extension. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The entries of the enabled users among `users`, sorted (deterministic: the same users give the
 * same order and bytes). Any control character left in a stored string (written before the field
 * rules refused them) becomes a space, so a name can never open a line of its own.
 */
export function directoryOf(users: Iterable<User>): ScopedEntry[] {
  const out: ScopedEntry[] = [];
  for (const user of users) {
    if (!user.enabled) continue;
    out.push({
      entry: {
        extension: clean(user.extension_number),
        name: clean(user.display_name || user.name),
        mobile: user.mobile_phone ? clean(user.mobile_phone) : null,
        work: user.work_phone ? clean(user.work_phone) : null,
      },
      department: departmentKey(user),
    });
  }
  return out.sort((a, b) => collator.compare(a.entry.name, b.entry.name) || compareText(a.entry.name, b.entry.name) || compareText(a.entry.extension, b.entry.extension));
}

/** The key users of one department share: trimmed, lowercase; '' for users without a department. */
export function departmentKey(user: Pick<User, 'department'>): string {
  return (user.department ?? '').trim().toLowerCase();
}

// --- internal ---

// C0, DEL, C1 and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function clean(s: string): string {
  return s.replace(CONTROL, ' ');
}

/** Code-point order: breaks the collator's ties so the order never depends on input order. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
