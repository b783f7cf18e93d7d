/**
 * @module For "a raw dump holds no usable secret" tests (issue 9, §3): records with distinctive
 * secrets, the raw bytes a store holds at rest (SQLite file and its -wal; every key and value
 * under a Redis prefix), and which plain secret values of given records occur in such bytes.
 * Give records distinctive secrets: a 4-digit door password can occur by chance.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Phone } from '../../src/domain/phone.js';
import type { User } from '../../src/domain/user.js';
import { SECRET_FIELDS } from '../../src/secrets/fields.js';
import { makePhone, makeUser, type PhoneOverrides, type UserOverrides } from './records.js';

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

/** A valid user with every secret set, each distinctive (random). */
export function userWithSecrets(overrides: UserOverrides = {}): User {
  const tag = randomBytes(5).toString('hex');
  return makeUser({ password: `user-pw-${tag}`, extension_password: `sip-pw-${tag}`, voicemail_pin: randomDigits(10), ...overrides });
}

/** A valid phone of `user` with its web password, device password and both door passwords set (random; doors 8 digits). */
export function phoneWithSecrets(user: Pick<User, 'id'>, overrides: PhoneOverrides = {}): Phone {
  const tag = randomBytes(5).toString('hex');
  return makePhone(user, { password: `web-pw-${tag}`, device_password: `dev-pw-${tag}`, door_password1: randomDigits(8), door_password2: randomDigits(8), ...overrides });
}

/** `n` random digits without three repeating or sequential ones in a row (a valid voicemail PIN). */
export function randomDigits(n: number): string {
  let out = '';
  while (out.length < n) {
    const d = randomBytes(1)[0]! % 10;
    const [a, b] = [Number(out.at(-2)), Number(out.at(-1))];
    if (out.length >= 2 && ((a === b && b === d) || (b - a === 1 && d - b === 1) || (a - b === 1 && b - d === 1))) continue;
    out += d;
  }
  return out;
}

/** What a copy of a SQLite database holds: the file and its -wal (when there is one), raw. */
export function sqliteBytes(file: string): Buffer {
  return Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
}

/**
 * Every key under `prefix` with its whole value (strings; hash fields and values; set, sorted-set
 * and list members), read by type as plain text. (DUMP output would not do: it compresses long strings.)
 */
export async function redisBytes(client: Redis, prefix: string): Promise<Buffer> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await client.type(key);
      const value =
        type === 'string' ? [await client.get(key)]
        : type === 'hash' ? Object.entries(await client.hgetall(key)).flat()
        : type === 'set' ? await client.smembers(key)
        : type === 'zset' ? await client.zrange(key, '0', '-1')
        : type === 'list' ? await client.lrange(key, 0, -1)
        : [];
      parts.push(key, ...value.map(String));
    }
  } while (cursor !== '0');
  return Buffer.from(parts.join('\n'), 'utf8');
}
