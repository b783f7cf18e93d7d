/**
 * @module buildContext: phone + user + network + vendor => the object templates see (pure).
 * Every key documented in templates/README.md is always present (null when unset), because
 * templates compile in Handlebars strict mode, where a missing key is an error.
 */
import { formatMac, type Mac } from '../domain/mac.js';
import type { Network } from '../domain/network.js';
import { PHONE_FIELDS, type Phone } from '../domain/phone.js';
import { USER_FIELDS, type User } from '../domain/user.js';
import type { Interface, Transport } from '../domain/values.js';
import type { DeviceCredentials } from '../device-auth/types.js';
import type { FirmwareRef } from '../firmware/types.js';
import type { VendorDescriptor, VendorModel } from '../vendors/descriptor.js';
import type { DirectoryEntry } from './directory.js';
import { mergedSettings, type RenderedSetting } from '../settings/merge.js';
import { resolveServer, type ServerSettings } from './server-address.js';
import { timezoneInfo, type TimezoneInfo } from './timezone-info.js';

export type { ServerSettings } from './server-address.js';

/** What the provisioning service knows about itself (not stored: from config). */
export interface ServerOptions {
  /** Port phones reach the HTTP phone path on (public port behind NAT/proxy). */
  readonly httpPort: number;
  /** Port of the HTTPS phone path, when one listens; phones with `https: true` are sent there. */
  readonly httpsPort?: number;
  readonly defaultTimezone: string;
}

export interface RenderInput {
  readonly vendor: VendorDescriptor;
  readonly modelName: string;
  readonly model: VendorModel;
  readonly network: Network;
  readonly server: ServerOptions;
  /** Absent for common files, which are rendered without any phone or user. */
  readonly phone?: Phone;
  readonly user?: User;
  /** The phone's further lines (line 2 on), their users read by the caller; absent: none. */
  readonly lines?: readonly { readonly user: User; readonly label?: string }[];
  /**
   * The provisioning credentials the phone's file writes into it (device-auth policy); absent or
   * null: none (`device_auth` is null in the context, templates write nothing).
   */
  readonly deviceCredentials?: DeviceCredentials | null;
  /** Directory files only (`scope: directory`): the phonebook's entries, sorted by name. */
  readonly directory?: readonly DirectoryEntry[];
  /** The model's uploaded firmware (src/firmware/); absent or null: none, templates write no upgrade keys. */
  readonly firmware?: FirmwareRef | null;
}

export interface RenderContext {
  readonly vendor: { readonly id: string; readonly name: string };
  readonly model: Readonly<Record<string, unknown>> & { readonly name: string };
  readonly mac: MacSpellings | null;
  readonly phone: Readonly<Record<string, unknown>> | null;
  readonly user: Readonly<Record<string, unknown>> | null;
  readonly account: Account | null;
  /** Every SIP account of the phone: index 1 is `account` (the phone's user), then its further lines in order. */
  readonly accounts: readonly IndexedAccount[];
  /** Username and password the phone must answer a provisioning challenge with (vendor keys in the templates). */
  readonly device_auth: DeviceCredentials | null;
  readonly server: ServerSettings;
  readonly time: TimezoneInfo;
  readonly v: Readonly<Record<string, string | number | null>>;
  readonly codecs: readonly { name: string; value: string | number; priority: number }[];
  readonly blfs: readonly { index: number; key: string; value: string | null; label: string }[];
  readonly vlan: {
    readonly wan: { enabled: boolean; id: number | null; priority: number };
    readonly pc: { enabled: boolean; id: number | null; priority: number };
  };
  /** The phonebook of a directory file; null in every other file. */
  readonly directory: readonly DirectoryEntry[] | null;
  /**
   * Admin settings, merged (vendor-wide, then the model's, then the phone's: a later key wins)
   * and checked against the vendor's syntax (src/settings/); the phone's only in a per-phone file.
   */
  readonly settings: readonly RenderedSetting[];
  /**
   * The model's firmware: `url` under the phone's folder (null in common files, rendered without
   * a user: they name `filename`, which the phone resolves against where it fetched the file).
   */
  readonly firmware: (FirmwareRef & { readonly url: string | null }) | null;
}

export interface MacSpellings {
  readonly bare: string;
  readonly upper: string;
  readonly colon: string;
  readonly colon_upper: string;
  readonly dash: string;
  readonly dash_upper: string;
}

/** The SIP account of line 1, from the user and the chosen interface/transport. */
export interface Account {
  readonly extension: string;
  readonly auth_name: string;
  readonly password: string;
  readonly display_name: string;
  readonly label: string;
  readonly voicemail_number: string;
}

/** One of the phone's accounts: its line number (1-based) and whose extension it is. */
export interface IndexedAccount extends Account {
  readonly index: number;
  readonly user_id: string;
}

export interface BuiltContext {
  readonly context: RenderContext;
  /** Values dropped because the vendor has no mapping for them (logged, never silently passed on). */
  readonly warnings: readonly string[];
}

/** Builds the context; never mutates its input. */
export function buildContext(input: RenderInput): BuiltContext {
  const { vendor, phone, user } = input;
  const warnings: string[] = [];
  const iface: Interface = phone?.interface ?? user?.interface ?? 'WEB_DOMAIN';
  const transport: Transport = phone?.preferred_transport ?? user?.preferred_transport ?? 'UDP';
  const token = user?.provision_token ?? null;
  const server = resolveServer(input.network, iface, transport, input.server, token, phone?.https ?? false, warnings);
  const timezone = phone?.timezone ?? input.server.defaultTimezone;
  const resolved: Record<string, unknown> = { timezone, preferred_transport: transport, interface: iface };
  // The phone's field wins over the user's; no merged copy (a spread of ~60 keys per render).
  const source = (field: string): unknown =>
    Object.hasOwn(resolved, field) ? resolved[field]
      : phone && Object.hasOwn(phone, field) ? (phone as unknown as Record<string, unknown>)[field]
        : (user as unknown as Record<string, unknown> | undefined)?.[field];

  const v: Record<string, string | number | null> = {};
  for (const [field, map] of Object.entries(vendor.maps)) {
    if (field === 'codecs') continue;
    v[field] = mapValue(vendor, field, map, source(field), warnings);
  }
  const codecs = (phone?.codecs ?? vendor.defaults.codecs).flatMap((name) => {
    const value = vendor.maps.codecs ? mapValue(vendor, 'codecs', vendor.maps.codecs, name, warnings) : name;
    return value === null ? [] : [{ name, value }];
  });

  const context: RenderContext = {
    vendor: { id: vendor.id, name: vendor.name },
    model: { ...input.model, name: input.modelName },
    mac: phone ? macSpellings(phone.mac) : null,
    phone: phone ? withAllKeys(phone, PHONE_FIELDS) : null,
    user: user ? withAllKeys(user, USER_FIELDS) : null,
    account: user ? accountOf(user) : null,
    accounts: user ? accountsOf(user, input.lines ?? []) : [],
    device_auth: (phone && input.deviceCredentials) ?? null,
    server,
    time: timezoneInfo(timezone),
    v,
    codecs: codecs.map((c, i) => ({ ...c, priority: i + 1 })),
    blfs: (user?.blfs ?? []).slice(0, input.model.keys).map((b, i) => ({
      index: i + 1,
      key: b.key,
      value: b.value ?? null,
      label: [b.first_name, b.last_name].filter(Boolean).join(' ') || b.key,
    })),
    vlan: {
      wan: { enabled: phone?.enable_vlan_wan_port ?? false, id: phone?.wan_port_id ?? null, priority: phone?.wan_port_priority ?? 0 },
      pc: { enabled: phone?.enable_vlan_pc_port ?? false, id: phone?.pc_port_id ?? null, priority: phone?.pc_port_priority ?? 0 },
    },
    directory: input.directory ?? null,
    settings: mergedSettings(vendor, input.modelName, input.model, input.network, phone?.settings, warnings),
    firmware: firmwareOf(input.firmware, server.provisioning_url),
  };
  return { context, warnings };
}

/** The SIP account of a user, as every phone file and QR payload gives it. */
export function accountOf(user: User): Account {
  const display = user.display_name ?? user.name;
  return {
    extension: user.extension_number,
    auth_name: user.extension_number,
    password: user.extension_password,
    display_name: display,
    label: display,
    voicemail_number: '*97',
  };
}

// --- internal ---

/** Line 1 (the phone's user), then the further lines; a line's label, when given, replaces the display name's. */
function accountsOf(user: User, lines: NonNullable<RenderInput['lines']>): IndexedAccount[] {
  return [{ user }, ...lines].map((line, i) => {
    const account = accountOf(line.user);
    const label = 'label' in line && line.label !== undefined ? line.label : account.label;
    return { index: i + 1, ...account, label, user_id: line.user.id };
  });
}

function firmwareOf(firmware: FirmwareRef | null | undefined, base: string | null): RenderContext['firmware'] {
  if (!firmware) return null;
  return { filename: firmware.filename, sha256: firmware.sha256, size: firmware.size, url: base === null ? null : base + firmware.filename };
}

function macSpellings(mac: Mac): MacSpellings {
  return {
    bare: mac,
    upper: formatMac(mac, { upper: true }),
    colon: formatMac(mac, { separator: ':' }),
    colon_upper: formatMac(mac, { separator: ':', upper: true }),
    dash: formatMac(mac, { separator: '-' }),
    dash_upper: formatMac(mac, { separator: '-', upper: true }),
  };
}

/** Copies `record` with every listed key present (null when absent). */
function withAllKeys(record: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = null;
  for (const k in record) out[k] = (record as Record<string, unknown>)[k] ?? null;
  return out;
}

function mapValue(
  vendor: VendorDescriptor,
  field: string,
  map: Readonly<Record<string, string | number>>,
  source: unknown,
  warnings: string[]
): string | number | null {
  if (source === undefined || source === null) return null;
  const key = String(source);
  const mapped = Object.hasOwn(map, key) ? map[key] : map['*'];
  if (mapped !== undefined) return mapped;
  const message = `${vendor.id}: no ${field} mapping for ${JSON.stringify(key)}; value dropped`;
  if (vendor.requiredMaps.includes(field)) throw new Error(message);
  warnings.push(message);
  return null;
}
