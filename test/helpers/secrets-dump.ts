/**
 * @module For "a raw dump holds no usable secret" tests (issue 9, §3): which plain secret values of
 * given records occur in the raw bytes of a store (SQLite file and its -wal, a Redis RDB/AOF or
 * DUMP output). Give records distinctive secrets: a 4-digit door password can occur by chance.
 */
import type { Phone } from '../../src/domain/phone.js';
import type { User } from '../../src/domain/user.js';
import { SECRET_FIELDS } from '../../src/secrets/fields.js';

/** Every plain secret value of `records` that occurs in `dump`, as `<kind> <id> <field>`; [] when none. */
export function plainSecretsIn(dump: Buffer | string, records: { readonly users?: readonly User[]; readonly phones?: readonly Phone[] }): string[] {
  const bytes = typeof dump === 'string' ? Buffer.from(dump, 'utf8') : dump;
  const found: string[] = [];
  const scan = (kind: 'user' | 'phone', record: object & { id: string }) => {
    for (const field of SECRET_FIELDS[kind]) {
      const value = (record as Record<string, unknown>)[field];
      if (typeof value === 'string' && bytes.includes(value, 0, 'utf8')) found.push(`${kind} ${record.id} ${field}`);
    }
  };
  for (const u of records.users ?? []) scan('user', u);
  for (const p of records.phones ?? []) scan('phone', p);
  return found;
}
