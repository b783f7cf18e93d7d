/**
 * @module The synthetic records a template edit is test-rendered with (check.ts): a `full` phone
 * and user (every optional part the templates branch on: BLFs, VLANs, door codes, device
 * credentials, characters XML must escape) and a `minimal` one (defaults only), like the golden
 * fixtures. Every secret is a marker string, so a file that must carry no secret (a common file,
 * a first stage) is refused when one shows up in its output.
 */
import { NetworkSchema, type Network } from '../domain/network.js';
import { PhoneCreateSchema, type Phone } from '../domain/phone.js';
import { UserCreateSchema, type User } from '../domain/user.js';
import type { DeviceCredentials } from '../device-auth/types.js';
import type { DoorCodes, VendorDescriptor } from '../vendors/descriptor.js';

/** The secrets of the samples: distinctive strings no template writes by itself. */
export const SECRET_MARKERS = {
  extension_password: 'xpw-Mk7q2Zr9',
  voicemail_pin: '80461397',
  user_password: 'upw-Mk7q2Zr9',
  phone_password: 'ppw-Mk7q2Zr9',
  device_password: 'dpw-Mk7q2Zr9',
  door_password1: '73918264',
  door_password2: '62840173',
} as const;

/** A door code shorter than this is too common a digit string to search an output for. */
const MIN_DOOR_MARKER = 6;

export interface Sample {
  readonly phone: Phone;
  readonly user: User;
  readonly network: Network;
  readonly deviceCredentials: DeviceCredentials | null;
  /** The secret strings of this sample a secret-free output must not contain. */
  readonly markers: readonly string[];
}

const AT = '2026-01-01T00:00:00.000Z';

/** Both samples for a phone of `vendor`/`model`, whose MAC is the vendor's first OUI + a1b2c3. */
export function samplesFor(vendor: VendorDescriptor, model: string): Sample[] {
  return [sample(vendor, model, true), sample(vendor, model, false)];
}

// --- internal ---

function sample(vendor: VendorDescriptor, model: string, full: boolean): Sample {
  const m = SECRET_MARKERS;
  const user: User = {
    ...UserCreateSchema.parse({
      name: full ? "o'brien.j" : 'alice',
      extension_number: full ? '2001' : '101',
      extension_password: m.extension_password,
      ...(full ? {
        display_name: 'Jane O\'Brien & <Co> "Sales"', email: 'jane@example.com', password: m.user_password, voicemail_pin: m.voicemail_pin,
        enable_dnd: true, preferred_transport: 'TLS',
        blfs: [{ key: '2002', first_name: 'Bob', last_name: 'Smith' }, { key: '2003', first_name: 'Carol' }, { key: '2004', value: '*82004' }],
      } : {}),
    }),
    id: 'u-sample', provision_token: 'SampleFolderToken0000000000000000000000000000', created_at: AT, updated_at: AT,
  };
  const doors = doorCodes(vendor.models[model]?.door_codes, full);
  const parsed = PhoneCreateSchema.parse({
    mac: `${vendor.ouis[0] ?? '001122'}a1b2c3`, vendor: vendor.id, model,
    ...(full ? {
      password: m.phone_password, language: 'GERMAN', transfer: 'ATTENDED', timezone: 'Europe/Berlin', codecs: ['OPUS', 'G722', 'PCMA', 'PCMU', 'G729'],
      enable_lldp: true, enable_vlan_wan_port: true, wan_port_id: 100, wan_port_priority: 5, enable_vlan_pc_port: true, pc_port_id: 200, pc_port_priority: 1,
      preferred_transport: 'TLS', serial_number: 'SN-0001', ...doors,
    } : {}),
  });
  const phone: Phone = {
    ...parsed,
    id: 'p-sample', user_id: user.id, filename: `${vendor.id}/${model}`,
    password: parsed.password ?? m.phone_password,
    timezone: parsed.timezone ?? 'UTC',
    codecs: parsed.codecs ?? (vendor.defaults.codecs as Phone['codecs']),
    interface: parsed.interface ?? user.interface,
    preferred_transport: parsed.preferred_transport ?? user.preferred_transport,
    ...(full ? { device_password: m.device_password } : {}),
    created_at: AT, updated_at: AT,
  };
  const network = NetworkSchema.parse(full
    ? { web_domain: 'pbx.example.com', private_ipv4: '192.168.1.10', public_ipv4: '203.0.113.10', sip_domain: 'example.com', udp_port: 5060, tcp_port: 5063, tls_port: 5061 }
    : { private_ipv4: '192.168.1.10' });
  const markers = [m.extension_password, m.user_password, m.phone_password, m.device_password, m.voicemail_pin, ...Object.values(doors)].filter((s) => s.length >= MIN_DOOR_MARKER);
  return { phone, user, network, deviceCredentials: full ? { username: phone.mac, password: m.device_password } : null, markers };
}

/** The marker door codes as the model takes them (count and length), as the API would have stored them. */
function doorCodes(rule: DoorCodes | undefined, full: boolean): Record<string, string> {
  if (!full) return {};
  const codes = [SECRET_MARKERS.door_password1, SECRET_MARKERS.door_password2];
  const count = rule?.count ?? 2;
  const length = Math.min(rule?.max ?? 8, 8);
  return Object.fromEntries(codes.slice(0, count).map((c, i) => [`door_password${i + 1}`, c.slice(0, length)]));
}
