/** @module Builds deterministic render inputs from test/fixtures/phones/*.json for any vendor and model. */
import { readFileSync } from 'node:fs';
import { NetworkSchema } from '../../src/domain/network.js';
import { PhoneCreateSchema, type Phone } from '../../src/domain/phone.js';
import { UserCreateSchema, type User } from '../../src/domain/user.js';
import { createDeviceAuthPolicy } from '../../src/device-auth/policy.js';
import type { RenderInput } from '../../src/render/context.js';
import type { DoorCodes } from '../../src/vendors/descriptor.js';
import type { Vendor } from '../../src/vendors/registry.js';

/** `multiline`: the phone's user and two further lines (as many as the model has lines for). */
export const FIXTURES = ['minimal', 'full', 'multiline'] as const;
const FIXED_TIME = '2026-01-01T00:00:00.000Z';
/** The device password of the full fixture's phone. */
export const FULL_DEVICE_PASSWORD = 'Dev1cePassw0rdXyZ123';

/** The records of a fixture for a phone of `vendor`/`model`; MAC = first OUI + a1b2c3. */
export function fixtureInput(name: (typeof FIXTURES)[number], vendor: Vendor, model: string): RenderInput & { phone: Phone; user: User } {
  const raw = JSON.parse(readFileSync(new URL(`../fixtures/phones/${name}.json`, import.meta.url), 'utf8'));
  const user: User = {
    ...UserCreateSchema.parse(raw.user),
    id: 'u-0001',
    provision_token: 'Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTok',
    created_at: FIXED_TIME,
    updated_at: FIXED_TIME,
  };
  const mac = `${vendor.descriptor.ouis[0] ?? '001122'}a1b2c3`;
  const caps = vendor.descriptor.models[model]!;
  const parsed = PhoneCreateSchema.parse({ ...fitDoorCodes(raw.phone, caps.door_codes), mac, vendor: vendor.id, model });
  const phone: Phone = {
    ...parsed,
    id: 'p-0001',
    user_id: user.id,
    filename: `${vendor.id}/${model}`,
    password: parsed.password ?? 'GeneratedPw1',
    timezone: parsed.timezone ?? 'UTC',
    codecs: parsed.codecs ?? vendor.descriptor.defaults.codecs as Phone['codecs'],
    interface: parsed.interface ?? user.interface,
    preferred_transport: parsed.preferred_transport ?? user.preferred_transport,
    // The full fixture's phone has device credentials (written into the vendor's keys); the minimal one predates them.
    ...(name === 'full' ? { device_password: FULL_DEVICE_PASSWORD } : {}),
    created_at: FIXED_TIME,
    updated_at: FIXED_TIME,
  };
  // Further lines: as many as the model's templates write (the API refuses more), ids u-0002, u-0003.
  const lines = ((raw.lines ?? []) as { user: unknown; label?: string }[]).slice(0, Math.min(caps.lines, caps.template_lines ?? caps.lines) - 1).map((l, i) => ({
    user: { ...UserCreateSchema.parse(l.user), id: `u-000${i + 2}`, provision_token: `Tok3nLine${i + 2}`.padEnd(43, 'x'), created_at: FIXED_TIME, updated_at: FIXED_TIME },
    ...(l.label === undefined ? {} : { label: l.label }),
  }));
  return {
    vendor: vendor.descriptor,
    modelName: model,
    model: vendor.descriptor.models[model]!,
    network: NetworkSchema.parse(raw.network),
    server: { httpPort: 8080, defaultTimezone: 'UTC' },
    phone: lines.length ? { ...phone, lines: lines.map((l) => ({ user_id: l.user.id, ...(l.label === undefined ? {} : { label: l.label }) })) } : phone,
    user,
    lines,
    deviceCredentials: createDeviceAuthPolicy({ mode: 'none', pinExcludeVendors: [] }).written(phone, vendor.descriptor),
  };
}

/**
 * The fixture's door codes as the model takes them (what the API would have stored): codes past
 * the model's count dropped, each cut to its maximum length (and to one length when the model
 * wants both alike). A model that declares nothing keeps them as they are (PortSIP's 4-8 digits).
 */
function fitDoorCodes(phone: Record<string, unknown>, rule: DoorCodes | undefined): Record<string, unknown> {
  if (!rule) return phone;
  const codes = [phone.door_password1, phone.door_password2].filter((c): c is string => typeof c === 'string');
  const length = Math.min(rule.max, ...(rule.same_length ? codes.map((c) => c.length) : [Infinity]));
  const { door_password1: _1, door_password2: _2, ...rest } = phone;
  const out: Record<string, unknown> = { ...rest };
  codes.slice(0, rule.count).forEach((code, i) => (out[`door_password${i + 1}`] = code.slice(0, length)));
  return out;
}
