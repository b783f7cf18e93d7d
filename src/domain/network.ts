/** @module PBX network settings (`GET|POST /api/network`): which addresses and ports phones are given. */
import { isIP } from 'node:net';
import { z } from 'zod';
import { line, updateShape } from './fields.js';
import { AllVendorSettingsSchema } from './settings.js';

const hostname = line(253).regex(
  /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/,
  'must be a domain name'
);
const ipv4 = z.string().refine((s) => isIP(s) === 4, { message: 'must be an IPv4 address' });
const ipv6 = z.string().refine((s) => isIP(s) === 6, { message: 'must be an IPv6 address' });
const ipAny = z.string().refine((s) => isIP(s) !== 0, { message: 'must be an IP address' });
/** A feature code the phone dials: digits, `*` and `#` (e.g. `**`, `*8`). */
const featureCode = z.string().regex(/^[0-9*#]{1,16}$/, 'must be 1-16 of the characters 0-9 * #');
const sipPort = z.number().int('must be an integer').min(1, 'must be 1-65535').max(65535, 'must be 1-65535');

/**
 * Network settings. PortSIP's fields plus `sip_domain` (the SIP registrar domain phones put in
 * their account; defaults to the chosen interface's address), `sbc_domain`, and the SIP port of
 * each transport (defaults 5060 UDP, 5063 TCP, 5061 TLS, as on PortSIP PBX), and
 * `call_pickup_code`: the PBX's directed call-pickup prefix (e.g. `**` or `*8`; the phone dials it
 * followed by the ringing extension), which BLF keys carry where the vendor has a setting for it
 * (absent = the phone's own default).
 */
const networkFields = {
  web_domain: hostname.optional(),
  private_ipv4: ipv4.optional(),
  public_ipv4: ipv4.optional(),
  enable_ipv6: z.boolean().default(true),
  private_ipv6: ipv6.optional(),
  public_ipv6: ipv6.optional(),
  primary_dns_server: ipAny.optional(),
  secondary_dns_server: ipAny.optional(),
  sip_domain: hostname.optional(),
  sbc_domain: hostname.optional(),
  udp_port: sipPort.default(5060),
  tcp_port: sipPort.default(5063),
  tls_port: sipPort.default(5061),
  call_pickup_code: featureCode.optional(),
};

/** The network settings as the API shows and takes them. */
export const NetworkSchema = z.strictObject(networkFields);

/**
 * The stored record: the network settings plus `vendor_settings`, the vendor-wide and per-model
 * admin settings (src/settings/; README "Settings"). Kept in this one document so a change is
 * atomic (updateNetwork) and its store event invalidates every render on every node. Never part
 * of `GET|POST /api/network`.
 */
export const NetworkRecordSchema = NetworkSchema.extend({ vendor_settings: AllVendorSettingsSchema.optional() });
export type Network = z.output<typeof NetworkRecordSchema>;

/** `POST /api/network` is a partial update: absent fields keep their value. */
export const NetworkUpdateSchema = z.strictObject(updateShape(networkFields, true));
export type NetworkUpdate = z.output<typeof NetworkUpdateSchema>;

/** The settings before any admin change. */
export const DEFAULT_NETWORK: Network = NetworkSchema.parse({});
