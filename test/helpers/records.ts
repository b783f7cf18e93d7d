/**
 * @module Valid stored records for store tests: users and phones parsed by the domain schemas,
 * with the server-owned fields and resolved phone defaults added. Every call makes unique
 * values (name, extension, token, MAC, id) and a strictly later created_at.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { PHONE_FIELDS, PhoneCreateSchema, type Phone } from '../../src/domain/phone.js';
import { USER_FIELDS, UserCreateSchema, type User } from '../../src/domain/user.js';

let counter = 0;
// A random base keeps MACs apart between test files sharing one Redis.
const MAC_BASE = randomBytes(3).readUIntBE(0, 3) & 0xf00000;
const EPOCH = Date.UTC(2025, 0, 1);

/** Overrides: any stored field; client fields are validated by the create schema. */
export type UserOverrides = { -readonly [K in keyof User]?: User[K] };
export type PhoneOverrides = { -readonly [K in keyof Phone]?: Phone[K] };

/** A valid user record (`user<n>`, extension `<n + 1000>`), with `overrides` applied. */
export function makeUser(overrides: UserOverrides = {}): User {
  const n = ++counter;
  const { client, server } = split(overrides, USER_FIELDS);
  const fields = UserCreateSchema.parse({
    name: `user${n}`,
    extension_number: String(1000 + n),
    extension_password: `ext-secret-${n}`,
    ...client,
  });
  const at = timestamp(n);
  return { ...fields, id: randomUUID(), provision_token: randomBytes(16).toString('hex'), created_at: at, updated_at: at, ...server };
}

/** A valid phone record of `user` (a Yealink T46U with a unique MAC), with `overrides` applied. */
export function makePhone(user: Pick<User, 'id'>, overrides: PhoneOverrides = {}): Phone {
  const n = ++counter;
  const { client, server } = split(overrides, PHONE_FIELDS);
  const fields = PhoneCreateSchema.parse({ mac: nextMac(), vendor: 'yealink', model: 'T46U', ...client });
  const at = timestamp(n);
  return {
    ...fields,
    filename: fields.filename ?? `${fields.vendor}/${fields.model}`,
    password: fields.password ?? `phone-secret-${n}`,
    timezone: fields.timezone ?? 'UTC',
    codecs: fields.codecs ?? ['PCMU', 'PCMA'],
    interface: fields.interface ?? 'WEB_DOMAIN',
    preferred_transport: fields.preferred_transport ?? 'UDP',
    id: randomUUID(),
    user_id: user.id,
    created_at: at,
    updated_at: at,
    ...server,
  } as Phone;
}

/** A fresh canonical MAC (Yealink OUI 001565). */
export function nextMac(): Phone['mac'] {
  const n = (MAC_BASE + ++counter) & 0xffffff;
  return `001565${n.toString(16).padStart(6, '0')}` as Phone['mac'];
}

// --- internal ---

function timestamp(n: number): string {
  return new Date(EPOCH + n * 1000).toISOString();
}

function split(overrides: object, clientFields: readonly string[]) {
  const client: Record<string, unknown> = {}, server: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(overrides)) (clientFields.includes(k) ? client : server)[k] = v;
  return { client, server };
}
